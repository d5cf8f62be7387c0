"""Exit statuses and what is printed on the way out."""
import atexit
import os
import sys
import threading


def exit_number():
    print("leaving with 3")
    sys.exit(3)


def exit_message():
    sys.exit("a message instead of a number")


def exit_none():
    sys.exit()


def os_exit():
    # What is still in stdout's buffer differs: GraalPy's os._exit writes it (README).
    sys.stderr.write("unbuffered stderr\n")
    os._exit(5)


def _runs_first():
    print("second handler registered ran first", flush=True)


def _fails():
    raise ValueError("raised in an atexit handler")


def atexit_error():
    atexit.register(_fails)
    atexit.register(_runs_first)
    atexit.register(print, "unregistered")
    atexit.unregister(print)
    print("main done")


def _exits():
    sys.exit(7)


def _raises():
    raise RuntimeError("raised in a thread")


def _in_thread(target):
    thread = threading.Thread(target=target, name="worker")
    thread.start()
    thread.join()
    print("main thread goes on")


def thread_system_exit():
    _in_thread(_exits)


def thread_error():
    _in_thread(_raises)


def _deep():
    raise LookupError("deep")


def uncaught():
    try:
        _deep()
    except LookupError as error:
        raise KeyError("outer") from error


class _Widget:
    def turn(self):
        def inner():
            raise ValueError("raised in a nested function")
        inner()


def nested_traceback():
    """Frames of a method and of a function nested in it name the module's real path."""
    _Widget().turn()


def import_error():
    import conform.broken  # noqa: F401


def broken_pipe():
    print("ready", flush=True)
    for number in range(200000):
        print(number)
