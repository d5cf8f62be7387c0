"""pyjar's warm runs: what a context in a warm-start server needs to run the app as the same program.

A context is prepared before its run is known; the run makes it its own when it starts
(begin_run: working directory, environment, arguments; then its terminals and process).
Signals: a warm run's dispositions, kept per context (install_signals); native modules refused
with a clear ImportError where the server cannot isolate them, and sqlite3's databases opened
relative to the run's directory (native_modules); os.system as CPython runs it
(system_as_the_client_would); isatty and terminal sizes of the client's own streams
(use_client_terminal); the client's pid and signals sent to it (use_client_process); atexit
handlers at the run's end (run_exit_handlers); the standard library and third-party modules the
run imported (modules_imported), which the next runs' contexts import ahead (_pyjar_ahead).

Its own imports are made when a context is prepared, while _pyjar_ahead records them, and are
then out of the run's sight like every import made ahead: the functions a run calls import
nothing more.

GraalPy's signal.signal writes the JVM's one handler table, which every run of a warm server
shares: last writer wins there. Here each run keeps its own table for SIGINT, SIGTERM, SIGHUP,
SIGWINCH and SIGUSR1, the signals its client relays. A Python handler is still given to GraalPy
(on this run's main thread, under the server's lock), and the server takes GraalPy's handler
object straight back out of the JVM's table (`capture`) to deliver the run's signals to this
context alone. Each delivery is acknowledged (`ack`) as the handler starts, so the server can
tell a run that takes its signal from one stuck where none can reach it.
"""

import _signal
import atexit
import errno
import operator
import os
import posix
import signal
import subprocess
import sys


def install_signals(capture, ack):
    real_signal, real_getsignal = _signal.signal, _signal.getsignal
    table = {_signal.SIGINT: _signal.default_int_handler, _signal.SIGTERM: _signal.SIG_DFL, _signal.SIGHUP: _signal.SIG_DFL,
             _signal.SIGWINCH: _signal.SIG_DFL, _signal.SIGUSR1: _signal.SIG_DFL}

    def acknowledged(handler):
        def handle(signum, frame):
            ack(signum)
            return handler(signum, frame)
        return handle

    def signal(signalnum, handler):
        signalnum = int(signalnum)
        if signalnum not in table:
            return real_signal(signalnum, handler)
        if handler in (_signal.SIG_DFL, _signal.SIG_IGN):
            capture(signalnum, int(handler), None)
        elif callable(handler):
            capture(signalnum, -1, lambda: real_signal(signalnum, acknowledged(handler)))
        else:
            raise TypeError("signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object")
        previous, table[signalnum] = table[signalnum], handler
        return previous

    def getsignal(signalnum):
        signalnum = int(signalnum)
        return table[signalnum] if signalnum in table else real_getsignal(signalnum)

    def raise_signal(signalnum):
        # A Python handler runs at once, as after CPython's raise(); anything else is sent to the
        # client's process (use_client_process), which ends, ignores or relays it as for a kill.
        import os
        import sys
        signalnum = int(signalnum)
        handler = table.get(signalnum)
        if callable(handler) and handler not in (_signal.SIG_DFL, _signal.SIG_IGN):
            handler(signalnum, sys._getframe(1))
        else:
            os.kill(os.getpid(), signalnum)

    signal.__doc__, getsignal.__doc__ = real_signal.__doc__, real_getsignal.__doc__
    raise_signal.__doc__ = _signal.raise_signal.__doc__
    _signal.signal, _signal.getsignal, _signal.raise_signal = signal, getsignal, raise_signal
    _replace_in_loaded("signal", raise_signal=raise_signal)
    signal(_signal.SIGINT, _signal.default_int_handler)


def _replace_in_loaded(module, **functions):
    """Replaces functions that `module` copied at its import (`from _signal import *`), if it is loaded."""
    loaded = sys.modules.get(module)
    for name, function in functions.items():
        if loaded is not None and hasattr(loaded, name):
            setattr(loaded, name, function)


def use_client_process(pid, parent, group, session, send):
    """Makes the run's process the client's: its ids, and signals sent to it (ClientProcess).

    os.getpid and os.getppid answer `pid` and `parent`, os.getpgrp `group`, and os.getpgid and
    os.getsid of the run's own process (0 or `pid`) `group` and `session` (-1 when /proc could
    not tell: then they are left as they are; 0 is real, a container's session led from outside); os.kill and os.killpg
    send real signals through `send(target, signalnum)`, which returns 0 or kill(2)'s error
    number, so that a signal the app sends its own pid reaches the client, which relays it here.
    """
    messages = {errno.EPERM: "Operation not permitted", errno.ESRCH: "No such process", errno.EINVAL: "Invalid argument"}

    def getpid():
        return pid

    def getppid():
        return parent

    def kill(target, signalnum):
        error = send(operator.index(target), operator.index(signalnum))
        if error:
            raise OSError(error, messages[error])

    def killpg(target, signalnum):
        kill(-operator.index(target) if target else 0, signalnum)

    def getpgrp():
        return group

    def ids_of(own, real):
        def ids(target):
            target = operator.index(target)
            return own if target in (0, pid) else real(target)
        return ids

    replaced = [(getpid, os.getpid), (getppid, os.getppid), (kill, os.kill), (killpg, os.killpg)]
    if group >= 0:
        replaced += [(getpgrp, os.getpgrp), (ids_of(group, os.getpgid), os.getpgid)]
    if session >= 0:
        replaced += [(ids_of(session, os.getsid), os.getsid)]
    for function, real in replaced:
        function.__name__ = real.__name__
        function.__doc__ = real.__doc__
        setattr(posix, real.__name__, function)
        setattr(os, real.__name__, function)


class _NativeModuleRefusal:
    """Makes importing GraalPy's native modules that this server's runs may not load an ImportError that says why.

    GraalPy would raise a SystemError for a native module that another context of the process
    loaded, unless the server isolates them (NativeModuleIsolation.java). The build keeps apps
    that import them directly off the servers that cannot run them; this catches imports from
    deeper down, and code that already copes with their absence (getpass without termios) copes.
    """

    refused = frozenset()

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in cls.refused:
            return None
        if name == "termios":
            why = "which would control the warm-start server's own descriptors, not this run's terminal"
        else:
            why = ("which GraalPy loads into one context per process unless the build set warmStartNativeIsolation"
                   " and patchelf is on the PATH")
        raise ImportError(f"No module named {name!r}: a warm-started run cannot load GraalPy's native module {name},"
                          f" {why}; run with PYJAR_WARM_START=off", name=name)


class _RunRelativeSqlite:
    """Opens sqlite3's databases named by a relative path in the run's working directory.

    sqlite3 opens its database file in C, relative to the process's working directory: in a warm
    server that is the server's, not the run's (GraalPy's Java POSIX backend keeps a context's
    own). So connect gets the name made absolute, a file: URI too; ":memory:" and "" (a
    temporary database) stay. Done when _sqlite3 is loaded, before sqlite3 takes its names.
    """

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "_sqlite3":
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = None if finder is _RunRelativeSqlite or find is None else find(name, path, target)
            if spec is not None:
                spec.loader = _RunRelativeSqliteLoader(spec.loader)
                return spec
        return None


class _RunRelativeSqliteLoader:
    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        connect = module.connect

        def run_relative_connect(database, *args, **kwargs):
            # uri is connect's eighth parameter, and may be given by position.
            uri = kwargs.get("uri", args[6] if len(args) > 6 else False)
            return connect(_in_run_directory(database, uri), *args, **kwargs)

        run_relative_connect.__name__, run_relative_connect.__doc__ = connect.__name__, connect.__doc__
        module.connect = run_relative_connect


def _in_run_directory(database, uri):
    if not isinstance(database, (str, bytes, os.PathLike)):
        return database
    name = os.fsdecode(database)
    if uri:
        if not name.startswith("file:") or name.startswith("file:/"):
            return database
        path, query = name[len("file:"):], ""
        if "?" in path:
            path, query = path.split("?", 1)
            query = "?" + query
        if path in ("", ":memory:") or "#" in path:
            return database
        return "file:" + _uri_quoted(os.getcwd()) + "/" + path + query
    if name in ("", ":memory:") or os.path.isabs(name):
        return database
    return os.path.join(os.getcwd(), name)


def _uri_quoted(path):
    """path as a URI's path: what is not unreserved (RFC 3986) or "/" percent-encoded in UTF-8."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "/-._~") else "".join(f"%{b:02X}" for b in c.encode())
                   for c in path)


def native_modules(*refused):
    """Refuses the native modules this server's runs may not load; sqlite3 opens in the run's directory."""
    _NativeModuleRefusal.refused = frozenset(refused)
    sys.meta_path[:0] = [_NativeModuleRefusal, _RunRelativeSqlite]


def system_as_the_client_would():
    """Makes os.system run its command as CPython's does: /bin/sh with the run's own streams, and a wait status.

    GraalPy's Java POSIX backend, which warm runs use, runs $SHELL with the environment the
    context was built with (a warm context is built before its run is known, see begin_run), not
    os.environ, with its streams piped (stdin closed) unless the context says the terminal is
    interactive, and returns the exit code itself. Through subprocess, the command gets os.environ
    and inherits the client's streams (ClientProcesses). Ctrl-C goes to the command, as the
    terminal would send it to the command while CPython waits with SIGINT ignored. (The backend
    reports an exit code above 128 as a signal: Java's Process cannot tell them apart.)
    """

    def system(command):
        with subprocess.Popen(["/bin/sh", "-c", os.fsdecode(command)]) as process:
            while True:
                try:
                    code = process.wait()
                    break
                except KeyboardInterrupt:
                    process.send_signal(signal.SIGINT)
        return -code if code < 0 else (code & 0xFF) << 8

    system.__doc__ = os.system.__doc__
    os.system = system


def use_client_terminal(terminals, terminal_size, read_stdin):
    """Makes isatty() and get_terminal_size() answer for each of the client's standard streams.

    GraalPy's Java POSIX backend answers isatty() with one flag, fixed when the context is built,
    for all three streams, and gives a fixed size even for a pipe; a cold run asks the system
    about each stream. Here os.isatty and os.get_terminal_size answer from `terminals` (stdin,
    stdout, stderr) and `terminal_size(fd)` (columns, lines, or None), and where a stream is a
    terminal, sys's standard streams are made anew over files that say so. A terminal on stdin
    is read through the client: `read_stdin(size)` gives what it read as a Latin-1 string, or
    None when nothing came yet, so that Ctrl-C can interrupt the wait (ClientInput).
    """
    from _pyjar_main import StandardFile, remade_standard_stream
    terminals = tuple(bool(each) for each in terminals)
    real_isatty, real_get_terminal_size = os.isatty, os.get_terminal_size

    def isatty(fd):
        fd = operator.index(fd)
        return terminals[fd] if 0 <= fd < len(terminals) else real_isatty(fd)

    def get_terminal_size(fd=1):
        fd = operator.index(fd)
        if not 0 <= fd < len(terminals):
            return real_get_terminal_size(fd)
        size = terminal_size(fd)
        if size is None:
            # The C library's words, as a cold run (the native backend) gives them.
            raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")
        return os.terminal_size((size[0], size[1]))

    def read_some(size):
        while (read := read_stdin(size)) is None:
            pass
        return read.encode("latin-1")

    isatty.__doc__, get_terminal_size.__doc__ = real_isatty.__doc__, real_get_terminal_size.__doc__
    os.isatty, os.get_terminal_size = isatty, get_terminal_size
    if any(terminals):
        sys.stdin = sys.__stdin__ = remade_standard_stream(
            sys.__stdin__, StandardFile(0, "rb", terminals[0], read_some if terminals[0] else None))
        sys.stdout = sys.__stdout__ = remade_standard_stream(sys.__stdout__, StandardFile(1, "wb", terminals[1]))
        sys.stderr = sys.__stderr__ = remade_standard_stream(sys.__stderr__, StandardFile(2, "wb", terminals[2]))


def run_exit_handlers():
    """Runs the app's atexit handlers, as a process's exit runs them, then flushes its streams.

    A cold run's handlers run when its context closes; a warm run's context is cancelled (so that
    no thread of the app outlives the run), which runs none. Not after os._exit, as in CPython.
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def begin_run(directory, environment, *argv):
    """Makes a context prepared ahead the run's own, before its app starts, as a cold run starts.

    directory: the client's working directory; environment: its variables, each NAME=value and a
    NUL after it; argv: sys.argv. Processes the app starts get the directory and the variables,
    through GraalPy. The variables GraalPy adds to every context's os.environ, and not to its
    processes' (the context was built with no others but PATH, so they are all it holds here
    besides), stay.
    """
    global _at_begin
    os.chdir(directory)
    graalpys = dict(posix.environ)
    # Set by the server for GraalPy's own patchelf (NativeModuleIsolation.java): the run has its own, or none.
    graalpys.pop(b"PATH", None)
    os.environ.clear()
    for name, _, value in (entry.partition("=") for entry in environment.split("\0") if entry):
        os.environ[name] = value
    # os.environ's own mapping, as os.py makes it: added there, not given to processes.
    posix.environ.update(graalpys)
    sys.argv[:] = argv
    _at_begin = frozenset(sys.modules)


_at_begin = frozenset()


def modules_imported(*installed):
    """The modules of the standard library and of the top-level packages `installed` (third-party
    code packed beside the app) that the run has imported, in the order they finished: what the
    server imports ahead for the next runs (import_ahead). The app's own modules are left to the
    runs: their imports may well read files relative to the run's directory, or set up logging."""
    ahead = sys.stdlib_module_names | frozenset(installed)
    return [name for name in list(sys.modules) if name not in _at_begin and name.partition(".")[0] in ahead]
