import os
import sys
import time

LEAK_MARK = "warmapp_was_here"


def echo(args):
    """argv, working directory, environment, then stdin copied to stdout byte for byte; a line on stderr."""
    print("argv", sys.argv[1:])
    print("cwd", os.getcwd())
    print("X", os.environ.get("X"))
    with open("relative.txt") as relative:
        print("relative", relative.read().strip())
    sys.stdout.flush()
    sys.stdout.buffer.write(sys.stdin.buffer.read())
    sys.stdout.flush()
    print("to stderr", file=sys.stderr)


def leak(args):
    """What an earlier run left behind: nothing may be."""
    import builtins
    print("module", hasattr(sys.modules.get("warmapp"), "mark"), "builtins", hasattr(builtins, LEAK_MARK),
          "env", os.environ.get("LEAKED"), "cwd", os.getcwd())
    sys.modules["warmapp"].mark = True
    setattr(builtins, LEAK_MARK, True)
    os.environ["LEAKED"] = "yes"
    os.chdir("/")


def status(args):
    kind = args[0]
    if kind == "number":
        sys.exit(int(args[1]))
    if kind == "message":
        sys.exit("goodbye")
    if kind == "uncaught":
        raise ValueError("boom")
    if kind == "os-exit":
        print("unflushed", end="")
        os._exit(int(args[1]))


def interrupt(args):
    """Waits for Ctrl-C (or another signal), with a handler when asked, and says what ran."""
    import signal
    if args and args[0] == "handler":
        signal.signal(signal.SIGINT, lambda number, frame: print("handler", number, flush=True))
    if args and args[0] == "ignore":
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if args and args[0] == "term":
        signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(7))
    print("ready", flush=True)
    try:
        for _ in range(600):
            time.sleep(0.1)
        print("not interrupted")
    except KeyboardInterrupt:
        print("KeyboardInterrupt", flush=True)
        raise
    finally:
        print("finally", flush=True)


def busy(args):
    """Never ends by itself: the client will be killed."""
    print("ready", flush=True)
    if args and args[0] == "child":
        import subprocess
        subprocess.run(["sleep", "3017"])
    while True:
        time.sleep(0.05)


def children(args):
    """A subprocess gets the run's directory, environment and streams, with and without capture."""
    import subprocess
    sys.stdout.flush()
    subprocess.run(["sh", "-c", "pwd; echo $X; cat"])
    captured = subprocess.run(["sh", "-c", "pwd; echo $X"], capture_output=True, text=True)
    print("captured", captured.stdout.split())
    print("system", os.system("exit 3") >> 8)


def native(args):
    import importlib
    # By computed names: the build would see plain imports and keep the app off warm starts (or,
    # for sqlite3 and XML, off servers that cannot isolate GraalPy's native modules).
    sqlite3 = importlib.import_module("sql" + "ite3")
    with sqlite3.connect(args[0]) as db:
        db.execute("create table if not exists t (x)")
        db.execute("insert into t values (?)", (len(args[0]),))
        print("sqlite3", db.execute("select count(*), sum(x) from t").fetchone(), os.path.exists(args[0]))
    db.close()
    expat = importlib.import_module("xml.parsers." + "expat")
    parser, tags = expat.ParserCreate(), []
    parser.StartElementHandler = lambda name, attributes: tags.append(name)
    parser.Parse("<a><b/><c/></a>", True)
    print("expat", tags)
    # The server gives its contexts a PATH of its own for patchelf; the run has the client's.
    print("PATH", os.environ.get("PATH"), os.get_exec_path() == os.environ.get("PATH", os.defpath).split(os.pathsep))
    try:
        importlib.import_module("term" + "ios")
        print("termios loaded")
    except ImportError as error:
        print("termios ImportError", "PYJAR_WARM_START=off" in str(error))


def state(args):
    """What a run starts with, and what its processes get: the same in any context, prepared ahead or not."""
    import posix
    import subprocess
    import zlib
    environment = {name: value for name, value in os.environ.items() if name != "PYJAR_WARM_START"}
    print("argv", sys.argv[1:], "orig_argv", sys.orig_argv)
    print("cwd", os.getcwd(), os.path.abspath("relative.txt"), os.path.expanduser("~"))
    print("environ", sorted(environment), zlib.crc32(repr(sorted(environment.items())).encode()))
    print("X", os.environ.get("X"), os.environb.get(b"X"), os.getenv("X"))
    print("posix.environ", {os.fsdecode(k): os.fsdecode(v) for k, v in posix.environ.items()} == dict(os.environ))
    print("process group", os.getpgrp(), os.getpgid(0), "session", os.getsid(0), os.getsid(os.getpid()))
    child = subprocess.run(["env", "-0"], capture_output=True).stdout.split(b"\0")
    # GraalPy adds this one to every context's os.environ, not to the processes it starts.
    given = {name: value for name, value in os.environ.items() if name != "UNSAFE_PYO3_SKIP_VERSION_CHECK"}
    print("child environ", dict(entry.decode().partition("=")[::2] for entry in child if entry) == given)
    sys.stdout.flush()
    subprocess.run(["sh", "-c", "echo child $X $HOME; pwd"])
    os.system("echo system $X $HOME; pwd")
    with open("relative.txt") as relative:
        print("relative", relative.read().strip())


def tty(args):
    """What the app learns of terminals, each standard stream on its own."""
    import shutil
    try:
        size = tuple(os.get_terminal_size())
    except OSError as error:
        size = f"OSError {error.errno} {error.strerror}"
    print("isatty", [stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)], [os.isatty(fd) for fd in range(3)],
          "line_buffering", sys.stdout.line_buffering, "size", size, "shutil", tuple(shutil.get_terminal_size()))


def resize(args):
    """The terminal's size, then the sizes SIGWINCH handlers saw (stty may resize in two steps)."""
    import signal
    resized = []
    signal.signal(signal.SIGWINCH, lambda number, frame: resized.append(tuple(os.get_terminal_size())))
    print("size", tuple(os.get_terminal_size()), flush=True)
    open("resize-ready", "w").close()
    for _ in range(600):
        if resized:
            break
        time.sleep(0.1)
    time.sleep(0.5)
    print("resized", sorted(set(resized)))


def prompt(args):
    """A line typed at a prompt is read; Ctrl-C at the next prompt is KeyboardInterrupt."""
    print("ready", flush=True)
    answer = input("name? ")
    try:
        input("again? ")
    except KeyboardInterrupt:
        print("KeyboardInterrupt after", repr(answer))


def system(args):
    """os.system with the run's stdin, and its wait status."""
    print("status", os.system('read line; echo "sh read $line"; exit 3'))


def imports(args):
    """Standard library modules: with "import", modules that read the run's state when imported
    too, and what they read; in any case, which of those modules and the ones their imports
    bring in are in sys.modules, and whether they are the modules the app got."""
    started = time.time()
    print("json before", "json" in sys.modules, "email" in sys.modules)
    if args == ["import"]:
        import email.parser
        import json
        import logging
        import multiprocessing.process
        import typing
        import zoneinfo
        print("json", json.dumps({"a": [1]}), email.parser.Parser().parsestr("A: b\n\n")["A"], typing.Optional[int])
        # relativeCreated counts from logging's import, which was the run's.
        print("logging imported by the run", logging._startTime >= started)
        print("original dir", multiprocessing.process.ORIGINAL_DIR, "tzpath", zoneinfo.TZPATH)
        print("same", sys.modules["json.decoder"] is json.decoder, sys.modules["typing.io"] is typing.io,
              type(json.__spec__.loader).__name__, json.__spec__.origin == json.__file__)
    families = ("json", "email", "logging", "typing", "multiprocessing", "zoneinfo", "re", "collections", "enum", "functools")
    print("in sys.modules", sorted(name for name in sys.modules if name.partition(".")[0] in families))


def libraries(args):
    """Third-party code (warmlib, from pythonPath) and the app's own module: whether each was
    imported before this function began, as an import made ahead is."""
    started = time.time()
    import warmlib
    import warmapp.own
    print(warmlib.helpers.shout("third-party"), "imported ahead", warmlib.IMPORTED < started)
    print("own imported ahead", warmapp.own.IMPORTED < started)
    print("in sys.modules", sorted(name for name in sys.modules if name.startswith(("warmlib", "warmapp."))))


def main():
    command, args = sys.argv[1], sys.argv[2:]
    {"echo": echo, "leak": leak, "status": status, "interrupt": interrupt, "busy": busy, "children": children,
     "native": native, "tty": tty, "resize": resize, "system": system, "prompt": prompt, "state": state,
     "imports": imports, "libraries": libraries}[command](args)


main()
