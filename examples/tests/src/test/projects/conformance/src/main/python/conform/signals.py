"""Signals: each case prints 'ready' once it is set up; the driver then sends its signals."""
import os
import signal
import sys
import time


def ready():
    print("ready", flush=True)


class Noted:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        print("with block left by", kind.__name__ if kind else None, flush=True)


def interrupt():
    """Ctrl-C: KeyboardInterrupt in the main thread, cleanup runs, then the usual end."""
    print("SIGINT handler is default_int_handler:", signal.getsignal(signal.SIGINT) is signal.default_int_handler)
    try:
        with Noted():
            ready()
            time.sleep(30)
    finally:
        print("finally ran", flush=True)


def caught():
    """Ctrl-C caught once: the program goes on and chooses its status."""
    try:
        ready()
        time.sleep(30)
    except KeyboardInterrupt:
        print("caught KeyboardInterrupt", flush=True)
    time.sleep(0.5)
    print("still running", flush=True)
    sys.exit(4)


def handlers():
    """The app's own handlers for the signals a supervisor sends; the last one ends the run."""
    seen = []

    def handler(signum, frame):
        name = signal.Signals(signum).name
        seen.append(name)
        print("handled", name, flush=True)

    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGUSR1"):
        previous = signal.signal(getattr(signal, name), handler)
        print(name, "was", getattr(previous, "__name__", previous))
    ready()
    deadline = time.monotonic() + 30
    while len(seen) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    print("all seen:", sorted(seen), flush=True)


def ignored():
    """SIG_IGN for SIGINT and SIGTERM: both leave the app running."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("SIGINT is", signal.getsignal(signal.SIGINT))
    ready()
    for _ in range(3):
        line = sys.stdin.readline()
        if not line:
            break
        print("driver says", line.strip(), flush=True)
    print("survived", flush=True)


def default():
    """No handler: the signal ends the process as the operating system's default does."""
    print("SIGTERM is", signal.getsignal(signal.SIGTERM))
    ready()
    time.sleep(30)
    print("not reached")


def orphan():
    """The launcher is killed outright; nothing of the app may stay behind."""
    ready()
    time.sleep(30)
    print("not reached")


def raised():
    """Signals the program sends itself: signal.raise_signal and os.kill of its own pid reach its handlers."""
    seen = []
    signal.signal(signal.SIGUSR1, lambda signum, frame: seen.append(signal.Signals(signum).name))

    def wait_for(count):
        deadline = time.monotonic() + 10
        while len(seen) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(seen)

    signal.raise_signal(signal.SIGUSR1)
    print("after raise_signal", wait_for(1))
    os.kill(os.getpid(), signal.SIGUSR1)
    print("after kill", wait_for(2))
    print("getppid is not init:", os.getppid() > 1)
    try:
        signal.raise_signal(signal.SIGINT)
        time.sleep(10)
        print("no KeyboardInterrupt")
    except KeyboardInterrupt:
        print("KeyboardInterrupt")
