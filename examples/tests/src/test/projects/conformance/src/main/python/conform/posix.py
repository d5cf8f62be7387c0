"""Process-level POSIX calls: what they return must agree with CPython, or fail the same way."""
import os
import sys


def _show(label, call):
    try:
        print(label, call())
    except BaseException as error:  # an internal error of the runtime must not escape as anything else
        print(label, "raises", type(error).__name__)


def identity():
    # In the default launch mode the parent is the JVM that `java -jar` started (README).
    _show("getppid", lambda: os.getppid() > 1)
    _show("getpgrp is the session's group", lambda: os.getpgrp() == os.getsid(0))
    _show("geteuid matches getuid", lambda: os.geteuid() == os.getuid())
    _show("getegid matches getgid", lambda: os.getegid() == os.getgid())
    _show("kill 0 to itself", lambda: os.kill(os.getpid(), 0))
    _show("umask round trip", lambda: (os.umask(0o027), os.umask(0o022))[1])
    import subprocess
    leader = subprocess.Popen(["/bin/sh", "-c", "exit 4"], start_new_session=True)
    _show("a child in a session of its own", lambda: os.waitstatus_to_exitcode(os.waitpid(leader.pid, 0)[1]))
    _show("isatty of a pipe", lambda: os.isatty(1))


def sessions():
    # In a child interpreter: the app itself leads its session under the test's driver but not
    # in the default launch mode, where its JVM's parent leads the group (README).
    import subprocess
    done = subprocess.run([sys.executable, "-c", "import os\n"
                           "print('setsid leads a new session', os.setsid() is None and os.getsid(0) == os.getpid())\n"
                           "try:\n    os.setsid()\nexcept OSError as error:\n    print('setsid again', type(error).__name__)\n"],
                          capture_output=True, text=True)
    print(done.stdout, end="")
    print("status", done.returncode, done.stderr)


def missing():
    """What GraalPy lacks fails as an ordinary Python exception that names it; never as an internal error."""
    def attempt(label, call):
        try:
            print(label, call())
        except BaseException as error:
            print(label, "raises", type(error).__name__ + ":", error)

    attempt("import grp", lambda: __import__("grp").__name__)
    attempt("import curses", lambda: __import__("curses").__name__)
    import fcntl
    attempt("fcntl.flock", lambda: fcntl.flock(1, fcntl.LOCK_SH))
    attempt("fcntl.fcntl", lambda: fcntl.fcntl(1, 1))  # F_GETFD, which GraalPy's fcntl does not name either
    attempt("os.ttyname", lambda: os.ttyname(0))
    attempt("os.tcgetpgrp", lambda: os.tcgetpgrp(0))


def users():
    import pwd
    _show("pwd name of uid", lambda: pwd.getpwuid(os.getuid()).pw_name == __import__("getpass").getuser())
    _show("pwd unknown", lambda: pwd.getpwnam("no-such-user-pyjar"))


def limits():
    import resource
    _show("RLIMIT_NOFILE soft <= hard", lambda: (lambda soft, hard: hard == resource.RLIM_INFINITY or soft <= hard)(
        *resource.getrlimit(resource.RLIMIT_NOFILE)))
    _show("ru_maxrss positive", lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0)


def children():
    import select
    import subprocess
    child = subprocess.Popen(["/bin/sh", "-c", "exit 3"])
    _show("waitpid status", lambda: os.waitstatus_to_exitcode(os.waitpid(child.pid, 0)[1]))
    read, write = os.pipe()
    os.write(write, b"x")
    _show("select sees the pipe", lambda: select.select([read], [], [], 1)[0] == [read])
    os.close(read)
    os.close(write)


def compression():
    import zlib
    _show("zlib round trip", lambda: zlib.decompress(zlib.compress(b"pyjar" * 10)) == b"pyjar" * 10)
    _show("bz2 round trip", lambda: __import__("bz2").decompress(__import__("bz2").compress(b"pyjar")) == b"pyjar")
    _show("lzma round trip", lambda: __import__("lzma").decompress(__import__("lzma").compress(b"pyjar")) == b"pyjar")
