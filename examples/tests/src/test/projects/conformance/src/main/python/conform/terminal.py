"""What the standard streams are: a terminal, a pipe or a file."""
import os
import shutil
import sys


def streams():
    import termios
    print("isatty 0 1 2:", [os.isatty(fd) for fd in (0, 1, 2)])
    print("sys streams isatty:", [stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)])
    print("stdout line buffered:", sys.stdout.line_buffering)
    print("stdout encoding:", sys.stdout.encoding, sys.stdout.errors)
    size = shutil.get_terminal_size((1, 1))
    print("terminal size known:", size != os.terminal_size((1, 1)) if not os.isatty(1) else size == os.get_terminal_size(1))
    # os.ttyname and os.tcgetpgrp are missing in GraalPy (posix.missing).
    _query("tcgetattr(0) fields", lambda: len(termios.tcgetattr(0)))


def _query(label, call):
    try:
        print(label, call())
    except Exception as error:  # OSError or termios.error on a pipe: both carry the errno first
        print(label, "raises", type(error).__name__, error.args[0])


def prompt():
    """At input() prompts on a terminal: a line typed is read, Ctrl-D is EOFError, Ctrl-C is KeyboardInterrupt."""
    print("ready", flush=True)
    print("read", repr(input("name? ")))
    try:
        input("again? ")
    except EOFError:
        print("EOFError")
    try:
        input("last? ")
    except KeyboardInterrupt:
        print("KeyboardInterrupt")
    # Uncaught, a second Ctrl-C ends the program as CPython's ends.
    input("more? ")
