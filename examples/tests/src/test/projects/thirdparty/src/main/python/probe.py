"""Prints, line by line, what importlib and friends say about packed code.

The test runs this from the jar and from files on disk and compares the output: every line
must be independent of where the files are.
"""

import importlib
import importlib.metadata
import importlib.resources
import inspect
import os
import pkgutil
import runpy
import sys
import threading
import traceback
import warnings


def show(label, value):
    print(f"{label}: {value!r}")


def resources():
    root = importlib.resources.files("probe_pkg")
    data = root / "data"
    show("files iterdir", sorted(p.name for p in data.iterdir()))
    show("files is_dir/is_file", (data.is_dir(), data.is_file(), (data / "greeting.txt").is_file()))
    show("files joinpath read_text", root.joinpath("data", "greeting.txt").read_text(encoding="utf-8"))
    show("files read_bytes", (data / "nested" / "deep.bin").read_bytes())
    with (data / "greeting.txt").open("rb") as f:
        show("files open rb", f.read())
    with (data / "greeting.txt").open("r", encoding="utf-8") as f:
        show("files open r", f.read())
    with importlib.resources.as_file(data / "greeting.txt") as path:
        show("as_file", (os.path.isfile(path), open(path, "rb").read()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        show("legacy read_text", importlib.resources.read_text("probe_pkg.data", "greeting.txt"))
        with importlib.resources.open_binary("probe_pkg.data", "greeting.txt") as f:
            show("legacy open_binary", f.read())
        show("legacy is_resource", importlib.resources.is_resource("probe_pkg.data", "greeting.txt"))


def metadata():
    md = importlib.metadata
    show("version", (md.version("greet"), md.version("Pygments")))
    show("metadata", (md.metadata("greet")["Summary"], md.metadata("pygments")["Name"]))
    show("distribution", md.distribution("greet").metadata["Name"])
    show("distributions", sorted(d.metadata["Name"] for d in md.distributions()
                                 if d.metadata["Name"] in ("greet", "Pygments")))
    show("entry_points select", [(e.name, e.value) for e in md.entry_points(group="console_scripts", name="greet")])
    show("entry_points group", sorted(e.name for e in md.entry_points(group="console_scripts")
                                      if e.name in ("greet", "pygmentize")))
    show("requires", md.requires("greet"))
    show("files", sorted(str(p) for p in md.files("greet")))
    show("file read", [p.read_text() for p in md.files("greet") if str(p) == "greet/__init__.py"])
    show("packages_distributions", sorted(md.packages_distributions().get("greet", [])))


def packages():
    import probe_pkg
    show("iter_modules", sorted((m.name, m.ispkg) for m in pkgutil.iter_modules(probe_pkg.__path__)))
    show("walk_packages", sorted(m.name for m in pkgutil.walk_packages(probe_pkg.__path__, "probe_pkg.")))
    show("top-level iter_modules", sorted(m.name for m in pkgutil.iter_modules()
                                          if m.name in ("probe", "probe_pkg", "greet", "filedata", "pygments", "acme")))
    show("get_data", pkgutil.get_data("probe_pkg", "data/greeting.txt"))
    import probe_pkg.mod
    loader = probe_pkg.mod.__spec__.loader
    show("loader", (probe_pkg.__spec__.loader.is_package("probe_pkg"), loader.is_package("probe_pkg.mod"),
                    loader.get_source("probe_pkg.mod").splitlines()[0], type(loader.get_code("probe_pkg.mod")).__name__,
                    loader.get_filename("probe_pkg.mod").replace(os.sep, "/").endswith("probe_pkg/mod.py")))
    show("__file__", probe_pkg.mod.__file__.replace(os.sep, "/").endswith("probe_pkg/mod.py"))
    show("loader.get_data", loader.get_data(os.path.join(os.path.dirname(probe_pkg.__file__), "data", "greeting.txt")))


def sources_and_tracebacks():
    import probe_pkg.mod
    show("getsource", inspect.getsource(probe_pkg.mod.func))
    try:
        probe_pkg.mod.fail()
    except ValueError as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        show("traceback", (os.path.basename(frame.filename), frame.lineno, frame.name, frame.line))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        probe_pkg.mod.warn()
    show("warning", [(os.path.basename(w.filename), w.lineno, str(w.message)) for w in caught])


def import_system():
    import acme.one
    import acme.two
    show("namespace", (acme.one.NAME, acme.two.NAME, sorted(m.name for m in pkgutil.iter_modules(acme.__path__))))
    show("run_module", runpy.run_module("probe_pkg.script", run_name="__main__")["RESULT"])
    import probe_pkg.counter
    from probe_pkg import runs
    importlib.reload(probe_pkg.counter)
    show("reload", runs.COUNT)
    old = sys.modules.pop("probe_pkg.mod")
    import probe_pkg.mod as again
    show("sys.modules", (again is not old, again.func(21)))
    result = []
    thread = threading.Thread(target=lambda: result.append(importlib.import_module("probe_pkg.threaded").VALUE))
    thread.start()
    thread.join()
    show("thread", result)
    import filedata
    show("__file__ data", filedata.TABLE)
    import greet_extra
    show("wheel purelib", greet_extra.WHERE)
    import shout
    show("pip-installed", (shout.shout("hi"), importlib.metadata.version("shout"), importlib.metadata.distribution("shout").read_text("INSTALLER")))
    import fastmath
    show("native extension", (fastmath.triple(14), fastmath.__name__, os.path.isfile(fastmath.__file__)))
    import pygments
    from pygments.lexers import get_lexer_by_name
    show("pygments", (pygments.__version__, get_lexer_by_name("python").name))


for section in (resources, metadata, packages, sources_and_tracebacks, import_system):
    section()
