"""pyjar's main runner: runs the app's main as `python -m` would, and ends it as CPython does.

Apart from the importer (_pyjar), which every context that uses a pack gets: only `java -jar`
runs an app's main.
"""

import io
import sys
from _frozen_importlib import _find_spec

# pyjar's own modules: their frames say nothing about the app.
_OWN_MODULES = frozenset(("_pyjar", "_pyjar_main", "_pyjar_warm"))


def coalesce_relayed_signals(relayed, window=5.0):
    """Makes the app's signal handlers run once for a signal sent to the whole process group.

    For a run in the second JVM, whose first one relays every signal it gets (Java's SignalRelay):
    a signal sent to the process group (a terminal's Ctrl-C, kill -INT -<pgid>, systemd stopping a
    unit) reaches this process directly and again through the relay. `relayed(signum)` says
    whether a delivery came through the relay. A delivery of one kind cancels an earlier
    unmatched delivery of the other kind (seen less than `window` seconds ago) instead of running
    the handler again. The app sees its own handlers: _signal's signal and getsignal hand them
    out, not the wrappers around them.
    """
    import _signal
    from time import monotonic
    install, current = _signal.signal, _signal.getsignal
    unmatched = {}  # signum -> [(time, came relayed), ...] of handled deliveries not yet paired

    def coalesced(handler):
        def handle(signum, frame):
            came_relayed = relayed(signum)
            now = monotonic()
            pending = [entry for entry in unmatched.get(signum, ()) if now - entry[0] < window]
            for entry in pending:
                if entry[1] != came_relayed:
                    pending.remove(entry)
                    unmatched[signum] = pending
                    return None
            pending.append((now, came_relayed))
            unmatched[signum] = pending
            return handler(signum, frame)
        handle.handler = handler
        return handle

    def unwrapped(handler):
        return getattr(handler, "handler", handler)

    def signal(signalnum, handler):
        return unwrapped(install(signalnum, coalesced(handler) if callable(handler) else handler))

    def getsignal(signalnum):
        return unwrapped(current(signalnum))

    signal.__doc__, getsignal.__doc__ = install.__doc__, current.__doc__
    _signal.signal, _signal.getsignal = signal, getsignal
    # The one Python-level handler a run starts with: KeyboardInterrupt's.
    if callable(current(_signal.SIGINT)):
        install(_signal.SIGINT, coalesced(current(_signal.SIGINT)))


def _buffer_stdout_as_cpython():
    """Line-buffered on a terminal, block-buffered into a pipe or a file, as CPython's stdout is.

    GraalPy's is line-buffered everywhere: slower into a pipe, and what os._exit() or a kill
    leaves unwritten differs from CPython's.
    """
    try:
        if sys.stdout.line_buffering and not sys.stdout.isatty():
            sys.stdout.reconfigure(line_buffering=False)
    except (AttributeError, OSError, ValueError):
        pass


class StandardFile(io.FileIO):
    """The raw file under one of sys's standard streams as pyjar remakes them.

    isatty() answers `terminal`. Reads, when `read_some(size)` is given, go through it: it returns
    up to `size` bytes, none at the end, and waits where a signal handler can run.
    """

    def __init__(self, fd, mode, terminal, read_some=None):
        super().__init__(fd, mode, closefd=False)
        self._terminal, self._read_some = terminal, read_some

    def isatty(self):
        self._check_open()
        return self._terminal

    def readinto(self, buffer):
        if self._read_some is None:
            return super().readinto(buffer)
        self._check_open()
        data = self._read_some(len(buffer))
        memoryview(buffer).cast("B")[:len(data)] = data
        return len(data)

    def read(self, size=-1):
        if self._read_some is None:
            return super().read(size)
        self._check_open()
        if size is None or size < 0:
            return self.readall()
        return self._read_some(size)

    def readall(self):
        if self._read_some is None:
            return super().readall()
        chunks = []
        while chunk := self.read(io.DEFAULT_BUFFER_SIZE):
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_open(self):
        if self.closed:
            raise ValueError("I/O operation on closed file")


def remade_standard_stream(stream, raw):
    """`stream`, one of sys's standard streams, made anew over `raw` as Python makes it at start-up."""
    if stream.writable():
        stream.flush()
    raw.name = stream.buffer.raw.name
    buffered = io.BufferedReader(raw) if raw.readable() else io.BufferedWriter(raw)
    # Line-buffered when the stream was, or when it is stdout on a terminal (as Python's).
    text = io.TextIOWrapper(buffered, encoding=stream.encoding, errors=stream.errors, newline="\n",
                            line_buffering=stream.line_buffering or (raw.fileno() == 1 and raw.isatty()),
                            write_through=stream.write_through)
    text.mode = stream.mode
    return text


def _interruptible_terminal_stdin():
    """Lets Ctrl-C interrupt a wait for input on a terminal, as it does in CPython.

    The JVM installs its signal handlers with SA_RESTART, so a read of a terminal blocked in the
    system never returns for a signal, and the Python handler, queued for the main thread, never
    runs: Ctrl-C at an input() prompt did nothing. Waiting in select() a short while at a time
    lets it run between waits. Pipes and files keep GraalPy's own reads.
    """
    if isinstance(sys.stdin.buffer.raw, StandardFile) or not sys.stdin.isatty():
        return
    import os
    import select

    def read_some(size):
        while not select.select([0], [], [], _INPUT_WAIT_SECONDS)[0]:
            pass
        return os.read(0, size)

    sys.stdin = sys.__stdin__ = remade_standard_stream(sys.__stdin__, StandardFile(0, "rb", True, read_some))


# How long a wait for input lasts before the app's signal handlers get a chance to run.
_INPUT_WAIT_SECONDS = 0.05


def _report_atexit_errors_as_cpython():
    """Makes an exception in an atexit handler print what CPython prints.

    GraalPy reports it as 'Error in atexit._run_exitfuncs:' with a traceback without source
    lines; CPython 3.11 as 'Exception ignored in atexit callback: <function ...>' and a full
    traceback. Either way the exit status stays what it was. Each handler is registered wrapped;
    atexit.unregister(handler) finds the wrappers.
    """
    import atexit
    register, unregister = atexit.register, atexit.unregister
    wrappers = {}

    def reported(function, args, kwargs):
        def call():
            try:
                function(*args, **kwargs)
            except BaseException as error:
                print(f"Exception ignored in atexit callback: {function!r}", file=sys.stderr)
                _print_uncaught(error)
        return call

    def register_reported(function, *args, **kwargs):
        wrapper = reported(function, args, kwargs)
        wrappers.setdefault(function, []).append(wrapper)
        register(wrapper)
        return function

    def unregister_reported(function):
        for wrapper in wrappers.pop(function, ()):
            unregister(wrapper)

    register_reported.__doc__, unregister_reported.__doc__ = register.__doc__, unregister.__doc__
    atexit.register, atexit.unregister = register_reported, unregister_reported


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


def _app_frames(traceback):
    """The traceback without pyjar's own frames, which say nothing about the app: the launcher's
    before the app's code (as `python script.py` starts there) and the signal coalescing wrapper
    that runs a handler (as CPython's C-level default_int_handler leaves no frame)."""
    while traceback is not None and _own(traceback):
        traceback = traceback.tb_next
    entry = traceback
    while entry is not None:
        while entry.tb_next is not None and _own(entry.tb_next):
            entry.tb_next = entry.tb_next.tb_next
        entry = entry.tb_next
    return traceback


def _own(entry):
    return entry.tb_frame.f_globals.get("__name__") in _OWN_MODULES


def _print_uncaught(error):
    error = error.with_traceback(_app_frames(error.__traceback__))
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
        except OSError:
            # A closed pipe (`app | head -1`): what could not be written is dropped, as CPython
            # drops it, rather than failing once more when the context closes.
            try:
                import os
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
            except Exception:
                pass
        except Exception:
            pass


class _NoMainModule(ImportError):
    """The module to run as __main__ does not exist (as opposed to failing while it runs)."""


def _run_as_main(name, arguments=None):
    """Runs a module in __main__ as `python -m name` does (runpy._run_module_as_main).

    With `arguments`, sys.argv becomes the module's file and them, as for `python -m name ARGS`;
    without, the launcher's sys.argv stays.

    Not runpy itself: importing it costs a dozen modules (os, io, importlib.util, warnings...) that
    a small app never needs, a third of a second before the app's first line in an interpreter
    without a JIT.
    """
    package = name.rpartition(".")[0]
    if package:
        __import__(package)
    spec = _find_spec(name, sys.modules[package].__path__ if package else None)
    if spec is None:
        raise _NoMainModule(f"No module named {name!r}", name=name)
    if spec.submodule_search_locations is not None:
        if name == "__main__" or name.endswith(".__main__"):
            raise ImportError("Cannot use package as __main__ module", name=name)
        return _run_as_main(name + ".__main__", arguments)
    code = spec.loader.get_code(name)
    if code is None:
        raise ImportError(f"No code object available for {name}", name=name)
    main_globals = sys.modules["__main__"].__dict__
    main_globals.update(__name__="__main__", __file__=spec.origin, __cached__=spec.cached, __doc__=None,
                        __loader__=spec.loader, __package__=spec.parent, __spec__=spec)
    if arguments is not None:
        sys.argv[:] = [spec.origin, *arguments]
    exec(code, main_globals)


def run_main(target):
    """Runs `module` as __main__ (like python -m) or calls `module:function`.

    Returns the exit status, or -2 when an uncaught KeyboardInterrupt should end the process by SIGINT.
    """
    def main():
        if ":" in target:
            sys.exit(_call(target))
        _run_as_main(target)
    return _run(main)


def run_python(*arguments):
    """Runs as `python3 ARGUMENTS...` would, with the pack on the import path (sys.executable).

    Returns what run_main returns.
    """
    return _run(lambda: _interpret(list(arguments)))


def _run(main):
    _buffer_stdout_as_cpython()
    _interruptible_terminal_stdin()
    _report_atexit_errors_as_cpython()
    try:
        main()
        status = 0
    except SystemExit as exit_:
        status = _exit_status(exit_.code)
    except KeyboardInterrupt as error:
        _print_uncaught(error)
        # As CPython: the process ends by SIGINT (the launcher's sign for it), so that a shell
        # sees 130 and a script running the app stops too.
        status = -2
    except BaseException as error:
        _print_uncaught(error)
        status = 1
    _finish()
    return status


# CPython's options that take no value and change nothing here: -B (no .pyc is written anyway),
# -b, -d, -E, -i, -O, -q, -R, -s, -S, -v, -x (a packed app has no site and ignores PYTHON*
# variables; the pack was compiled at its own optimisation level).
_IGNORED_FLAGS = "BbdEiOqRsSvx"
_USAGE = "usage: python [option] ... [-c cmd | -m mod | file | -] [arg] ..."


def _interpret(arguments):
    """CPython's command line (python3 --help), as far as it applies to a packed interpreter."""
    isolated = False
    while arguments and arguments[0].startswith("-") and arguments[0] != "-":
        option = arguments.pop(0)
        if option == "--":
            break
        if option in ("-h", "--help", "-?"):
            print(_USAGE)
            return
        if option in ("-V", "--version"):
            print("Python " + sys.version.split()[0])
            return
        flags = option[1:]
        while flags:
            flag, flags = flags[0], flags[1:]
            if flag in "cmWX":
                value = flags or (arguments.pop(0) if arguments else None)
                if value is None:
                    print(f"Argument expected for the -{flag} option\n{_USAGE}", file=sys.stderr)
                    sys.exit(2)
                flags = ""
                if flag == "c":
                    return _run_source(value, "<string>", ["-c", *arguments])
                if flag == "m":
                    try:
                        return _run_as_main(value, arguments)
                    except _NoMainModule as error:
                        # As runpy reports it: one line, no traceback.
                        print(f"{sys.executable}: {error.msg.replace(repr(value), value)}", file=sys.stderr)
                        sys.exit(1)
                if flag == "W":
                    sys.warnoptions.append(value)
                    import warnings
                    warnings._processoptions([value])
                # -X options (utf8, dev, faulthandler...): accepted, GraalPy has its own settings.
            elif flag == "u":
                for stream in (sys.stdout, sys.stderr):
                    stream.reconfigure(write_through=True)
            elif flag in "IP":
                isolated = True
            elif flag not in _IGNORED_FLAGS:
                print(f"Unknown option: -{flag}\n{_USAGE}", file=sys.stderr)
                sys.exit(2)
    if not arguments or arguments[0] == "-":
        if not arguments and sys.stdin.isatty():
            import code
            code.interact(banner=f"Python {sys.version} on {sys.platform} (pyjar: {sys.path[0]})", exitmsg="")
            return
        return _run_source(sys.stdin.read(), "<stdin>", arguments or [""])
    path = arguments[0]
    if not isolated:
        import os
        sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        with open(path, "rb") as file:
            source = file.read()
    except OSError as error:
        print(f"{sys.argv[0]}: can't open file {path!r}: [Errno {error.errno}] {error.strerror}", file=sys.stderr)
        sys.exit(2)
    main_globals = sys.modules["__main__"].__dict__
    main_globals.update(__file__=path, __cached__=None)
    _run_source(source, path, arguments)


def _run_source(source, filename, argv):
    sys.argv[:] = argv
    main = sys.modules["__main__"].__dict__
    main.update(__name__="__main__", __doc__=None, __loader__=None, __package__=None, __spec__=None)
    exec(compile(source, filename, "exec", dont_inherit=True), main)


