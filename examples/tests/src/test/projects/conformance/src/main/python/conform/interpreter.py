"""sys.executable runs as a Python interpreter that imports the app's modules."""
import subprocess
import sys


def _run(*arguments, stdin=None):
    done = subprocess.run([sys.executable, *arguments], input=stdin, capture_output=True, text=True)
    last = done.stderr.replace(sys.executable, "<python>").strip().splitlines()[-1:]
    print(arguments[0], "->", done.returncode, repr(done.stdout), last)


def child():
    """What a child interpreter sees: run by the cases below."""
    print("child argv", sys.argv[1:], "name", __name__)
    sys.exit(int(sys.argv[-1]) if sys.argv[-1].isdigit() else 0)


def forms():
    print("executable is a file:", bool(sys.executable) and __import__("os").access(sys.executable, __import__("os").X_OK))
    _run("-c", "import conform.interpreter, sys; print('c', sys.argv)", "x")
    _run("-m", "conform.interpreter_child", "y", "3")
    _run("-", "z", stdin="import sys; print('stdin', sys.argv)")
    _run("-u", "-E", "-s", "-S", "-X", "utf8", "-W", "ignore", "-c", "import sys; print(sys.argv)")
    _run("-I", "-c", "raise SystemExit('isolated')")
    _run("-c", "raise ValueError('in the child')")
    _run("-m", "conform.no_such_module")


def one():
    """One child interpreter: every launch mode starts sys.executable the same way."""
    print("executable is a file:", bool(sys.executable) and __import__("os").access(sys.executable, __import__("os").X_OK))
    _run("-m", "conform.interpreter_child", "y", "3")
