"""Entry point shared by every alternative: `bench.py <workload> [args]`.

Each workload is a module whose top level does the work, so every alternative (CPython,
GraalPy from disk, GraalPy's plugin with its VFS, pyjar) runs exactly the same Python code and
the only difference is how GraalPy, the standard library and the modules are found and loaded.
Importing one tiny module to dispatch costs well under a millisecond.
"""

import sys

if len(sys.argv) < 2:
    sys.exit("usage: bench.py empty|hello|import20|import19|importall|pygments [args]")
__import__("wl_" + sys.argv[1])
