"""Prints, one a line, the top-level standard library modules that import cleanly here.

run.sh runs it once under CPython and once under GraalPy (from disk) and keeps the names both
print, in wl_importall.py. Private modules (leading underscore) are left out, and so are the ones
that are not meant to be imported by a program or that act when imported (GUI, jokes, test
suites, installers): pyjar leaves most of those out of its pack anyway.
"""

import io
import sys
import warnings

SKIP = {
    "antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo", "lib2to3", "ensurepip",
    "test", "pydoc_data", "__hello__", "__phello__", "xxsubtype", "xxlimited", "xxlimited_35",
    "msilib", "winreg", "winsound", "msvcrt", "nt", "_winapi", "pip", "setuptools", "distutils",
    # GraalPy 25.0's Java POSIX backend: importing these fails with an internal error that
    # Python cannot catch and that ends the context.
    "crypt",
}

warnings.simplefilter("ignore")
ok = []
for name in sorted(sys.stdlib_module_names):
    if name.startswith("_") or name in SKIP:
        continue
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        __import__(name)
    except BaseException:  # ImportError, but also anything a module's top level may raise
        continue
    finally:
        sys.stdout, sys.stderr = saved
    ok.append(name)
    if "PROBE_TRACE" in __import__("os").environ: __import__("os").write(2, (name + "\n").encode())
sys.stdout.write("\n".join(ok) + "\n")
sys.stdout.flush()
