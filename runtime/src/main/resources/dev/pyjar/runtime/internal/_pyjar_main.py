"""pyjar's main runner: runs the app's main as `python -m` would, and ends it as CPython does.

Apart from the importer (_pyjar), which every context that uses a pack gets: only `java -jar`
runs an app's main.
"""

import sys
from _frozen_importlib import _find_spec

# pyjar's own modules: their frames say nothing about the app.
_OWN_MODULES = frozenset(("_pyjar", "_pyjar_main"))


def _exit_status(code):
    """What CPython does with SystemExit's code at the top level."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    try:
        print(code, file=sys.stderr)
    except Exception:
        pass
    return 1


def _print_uncaught(error):
    # The launcher's own frames (this module's) say nothing about the app: drop them, so the
    # traceback starts where the app's code does, as for `python script.py`.
    frame = error.__traceback__
    while frame is not None and frame.tb_frame.f_globals.get("__name__") in _OWN_MODULES:
        frame = frame.tb_next
    error = error.with_traceback(frame)
    # GraalPy's built-in excepthook prints no source lines; traceback's printer reads them
    # through the loaders, so packed modules show theirs.
    if sys.excepthook is sys.__excepthook__:
        import traceback
        traceback.print_exception(error)
    else:
        sys.excepthook(type(error), error, error.__traceback__)


def _call(target):
    module_name, _, attribute = target.partition(":")
    import importlib
    result = importlib.import_module(module_name)
    for part in attribute.split("."):
        result = getattr(result, part)
    return result()


def _finish():
    """Waits for non-daemon threads and flushes standard streams, as CPython does at exit."""
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _run_as_main(name):
    """Runs a module in __main__ as `python -m name` does (runpy._run_module_as_main, without argv).

    Not runpy itself: importing it costs a dozen modules (os, io, importlib.util, warnings...) that
    a small app never needs, a third of a second before the app's first line in an interpreter
    without a JIT.
    """
    package = name.rpartition(".")[0]
    if package:
        __import__(package)
    spec = _find_spec(name, sys.modules[package].__path__ if package else None)
    if spec is None:
        raise ImportError(f"No module named {name!r}", name=name)
    if spec.submodule_search_locations is not None:
        if name == "__main__" or name.endswith(".__main__"):
            raise ImportError("Cannot use package as __main__ module", name=name)
        return _run_as_main(name + ".__main__")
    code = spec.loader.get_code(name)
    if code is None:
        raise ImportError(f"No code object available for {name}", name=name)
    main_globals = sys.modules["__main__"].__dict__
    main_globals.update(__name__="__main__", __file__=spec.origin, __cached__=spec.cached, __doc__=None,
                        __loader__=spec.loader, __package__=spec.parent, __spec__=spec)
    exec(code, main_globals)


def run_main(target):
    """Runs `module` as __main__ (like python -m) or calls `module:function`; returns the exit status."""
    try:
        if ":" in target:
            sys.exit(_call(target))
        _run_as_main(target)
        status = 0
    except SystemExit as exit_:
        status = _exit_status(exit_.code)
    except KeyboardInterrupt as error:
        _print_uncaught(error)
        status = 130
    except BaseException as error:
        _print_uncaught(error)
        status = 1
    _finish()
    return status
