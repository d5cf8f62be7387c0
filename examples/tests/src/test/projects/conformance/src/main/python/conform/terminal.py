"""What the standard streams are: a terminal, a pipe or a file."""
import os
import shutil
import sys


def streams():
    print("isatty 0 1 2:", [os.isatty(fd) for fd in (0, 1, 2)])
    print("sys streams isatty:", [stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)])
    print("stdout line buffered:", sys.stdout.line_buffering)
    print("stdout encoding:", sys.stdout.encoding, sys.stdout.errors)
    size = shutil.get_terminal_size((1, 1))
    print("terminal size known:", size != os.terminal_size((1, 1)) if not os.isatty(1) else size == os.get_terminal_size(1))
