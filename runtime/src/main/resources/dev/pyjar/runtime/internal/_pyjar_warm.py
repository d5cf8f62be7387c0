"""pyjar's warm runs: what a context in a warm-start server needs to run the app as the same program.

A context is prepared before its run is known; the run makes it its own when it starts
(begin_run: working directory, environment, arguments). Signals: a warm run's dispositions, kept
per context (install_signals); native modules refused with a clear ImportError
(refuse_native_modules); os.system as CPython's (system_as_wait_status).

GraalPy's signal.signal writes the JVM's one handler table, which every run of a warm server
shares: last writer wins there. Here each run keeps its own table for SIGINT, SIGTERM and SIGHUP,
the signals its client relays. A Python handler is still given to GraalPy (on this run's main
thread, under the server's lock), and the server takes GraalPy's handler object straight back out
of the JVM's table (`capture`) to deliver the run's signals to this context alone. Each delivery
is acknowledged (`ack`) as the handler starts, so the server can tell a run that takes its signal
from one stuck where none can reach it.
"""


def install_signals(capture, ack):
    import _signal
    real_signal, real_getsignal = _signal.signal, _signal.getsignal
    table = {_signal.SIGINT: _signal.default_int_handler, _signal.SIGTERM: _signal.SIG_DFL, _signal.SIGHUP: _signal.SIG_DFL}

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

    signal.__doc__, getsignal.__doc__ = real_signal.__doc__, real_getsignal.__doc__
    _signal.signal, _signal.getsignal = signal, getsignal
    signal(_signal.SIGINT, _signal.default_int_handler)


# GraalPy's standard library modules with native code that only one context per process may load.
_NATIVE_MODULES = frozenset(("_sqlite3", "pyexpat", "termios"))


class _NativeModuleRefusal:
    """Makes importing those an ImportError that says why, where GraalPy would raise a SystemError.

    The build keeps apps that import them directly off warm starts; this catches imports from
    deeper down, and code that already copes with their absence (getpass without termios) copes.
    """

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in _NATIVE_MODULES:
            raise ImportError(f"No module named {name!r}: a warm-started run cannot load GraalPy's native module {name},"
                              " which GraalPy loads into one context per process; run with PYJAR_WARM_START=off", name=name)
        return None


def refuse_native_modules():
    import sys
    sys.meta_path.insert(0, _NativeModuleRefusal)


def system_as_wait_status():
    """Makes os.system run the command as CPython's does, and return a wait status as CPython's does.

    GraalPy's Java POSIX backend, which warm runs use, starts the command with the environment the
    context was built with (a warm context is built before its run is known, see begin_run), not
    os.environ, with its output piped, and returns the exit code itself. Started as subprocess
    starts its processes instead, the command gets os.environ and the run's own standard streams,
    as the shell that CPython's system() starts does. (The backend reports an exit code above 128
    as a signal: Java's Process cannot tell them apart.)
    """
    import os
    system = os.system

    def wait_status(command):
        import subprocess
        code = subprocess.call(["/bin/sh", "-c", os.fsdecode(command)])
        return -code if code < 0 else (code & 0xFF) << 8

    wait_status.__doc__ = system.__doc__
    os.system = wait_status


def begin_run(directory, environment, *argv):
    """Makes a context prepared ahead the run's own, before its app starts, as a cold run starts.

    directory: the client's working directory; environment: its variables, each NAME=value and a
    NUL after it; argv: sys.argv. Processes the app starts get the directory and the variables,
    through GraalPy. The variables GraalPy adds to every context's os.environ, and not to its
    processes' (the context was built with no others, so they are all it holds here), stay.
    """
    import os
    import posix
    import sys
    os.chdir(directory)
    graalpys = dict(posix.environ)
    os.environ.clear()
    for name, _, value in (entry.partition("=") for entry in environment.split("\0") if entry):
        os.environ[name] = value
    # os.environ's own mapping, as os.py makes it: added there, not given to processes.
    posix.environ.update(graalpys)
    sys.argv[:] = argv
