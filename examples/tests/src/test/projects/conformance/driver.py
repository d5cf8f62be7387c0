"""Runs one conformance case in a session of its own and prints a transcript to compare.

Usage: python3 driver.py STEP[,STEP...] -- COMMAND...

The command (python3 -m conform ..., or java -jar conformance.jar ...) starts in a new session, so
its process group is its own. Once it prints 'ready', the steps run in order:
  SIG-group      SIG (INT, TERM, HUP, USR1, KILL) to the whole process group, as a terminal's
                 Ctrl-C does for SIGINT
  SIG-launcher   SIG to the process the driver started only
  say            a line on the command's stdin
  pause          half a second
  head           (anywhere in the list) stdout is a pipe that its reader closes after one line,
                 as `command | head -1` does
  terminal       (anywhere in the list) stdin, stdout and stderr are a pseudo-terminal, the
                 session's controlling terminal (stdout then holds stderr too, with the
                 terminal's echo of what is typed); these steps type on it, each once the
                 program has shown one more prompt (a "? ") than keys were typed before:
  type           a line, "hello"
  ctrl-c         Ctrl-C: the terminal sends SIGINT to the command's process group
  ctrl-d         Ctrl-D: end of input for a read of the terminal
Then stdin is closed and the transcript printed: stdout, stderr with the program's own location
left out (`File ".../conform/x.py"` becomes `File "conform/x.py"`), the standard library's frames
dropped (each interpreter has its own copy of it) and object addresses hidden, the
exit status as Python's subprocess reports it (negative: ended by that signal), and how many
processes of the session outlived it.
"""
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time

READY_TIMEOUT = 540
EXIT_TIMEOUT = 60


def main():
    steps = [step for step in sys.argv[1].split(",") if step]
    head, terminal = "head" in steps, "terminal" in steps
    steps = [step for step in steps if step not in ("head", "terminal")]
    command = sys.argv[sys.argv.index("--") + 1:]
    # Without the caller's PYTHON* variables (PYTHONUNBUFFERED, say), which python3 honours and a
    # packed app does not (README): both run as if none were set.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
    if terminal:
        process, keyboard = on_terminal(command, environment)
    else:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True, env=environment)
        keyboard = None
    stdout, stderr, ready = [], [], threading.Event()
    screen, shown, ended = bytearray(), threading.Condition(), threading.Event()

    def collect(stream, lines, watch):
        pending, reading = b"", True
        while reading and (chunk := stream.read1(65536)):
            if watch:
                with shown:
                    screen.extend(chunk)
                    shown.notify_all()
            *complete, pending = (pending + chunk).split(b"\n")
            for raw in complete:
                lines.append(raw.decode("utf-8", "replace"))
                if watch and lines[-1] == "ready":
                    ready.set()
                    if head:
                        reading, pending = False, b""
                        break
        if pending:
            lines.append(pending.decode("utf-8", "replace"))
        if watch:
            ready.set()
            with shown:
                ended.set()
                shown.notify_all()
        stream.close()

    def prompted(count):
        """Whether the program has shown `count` prompts ("? ") so far: a key waits for its prompt, or its end."""
        with shown:
            return shown.wait_for(lambda: screen.count(b"? ") >= count or ended.is_set(), READY_TIMEOUT)

    readers = [threading.Thread(target=collect, args=(process.stdout, stdout, True)),
               threading.Thread(target=collect, args=(process.stderr, stderr, False))]
    for reader in readers:
        reader.start()
    if not ready.wait(READY_TIMEOUT):
        print("driver: no 'ready' within", READY_TIMEOUT, "s")
    keys = 0
    for step in steps:
        time.sleep(0.5)
        if step.endswith("-group"):
            os.killpg(process.pid, getattr(signal, "SIG" + step[:-len("-group")].upper()))
        elif step.endswith("-launcher"):
            os.kill(process.pid, getattr(signal, "SIG" + step[:-len("-launcher")].upper()))
        elif step == "say":
            process.stdin.write(b"hello\n")
            process.stdin.flush()
        elif step in KEYS:
            keys += 1
            if not prompted(keys):
                print("driver: no prompt for", step, "within", READY_TIMEOUT, "s")
            keyboard.write(KEYS[step])
        elif step == "pause":
            pass
        else:
            raise SystemExit("driver: unknown step " + step)
    time.sleep(0.5)
    try:
        if process.stdin:
            process.stdin.close()
    except OSError:
        pass
    try:
        status = process.wait(EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        status = "did not end within %d s" % EXIT_TIMEOUT
    for reader in readers:
        reader.join(5)
    left = survivors(process.pid)
    print("--- stdout")
    # On a terminal, stderr's lines are among stdout's.
    print("\n".join(normalized(stdout) if terminal else stdout))
    print("--- stderr")
    print("\n".join(normalized(stderr)))
    print("--- status", status)
    print("--- left behind", left)


KEYS = {"type": b"hello\n", "ctrl-c": b"\x03", "ctrl-d": b"\x04"}


def on_terminal(command, environment):
    """The command started on a new pseudo-terminal, its session's controlling terminal.

    Returns the process, its stdout and stderr merged into one stream read from the terminal
    (as `process.stdout`, with an empty `process.stderr`), and the terminal's keyboard to type on.
    """
    import fcntl
    import io
    import pty
    import termios
    keyboard, screen = pty.openpty()
    # No translation of "\n" into "\r\n" on output: the transcript's lines stay comparable.
    attributes = termios.tcgetattr(screen)
    attributes[1] &= ~termios.ONLCR
    termios.tcsetattr(screen, termios.TCSANOW, attributes)
    process = subprocess.Popen(command, stdin=screen, stdout=screen, stderr=screen, start_new_session=True, env=environment,
                               preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(screen)
    process.stdout = io.BufferedReader(ClosingReader(os.dup(keyboard)))
    process.stderr = io.BytesIO()
    return process, open(keyboard, "wb", buffering=0)


class ClosingReader(io.FileIO):
    """The terminal as read from its keyboard side: the end of its last process reads as the end, not an error."""

    def readinto(self, buffer):
        try:
            return super().readinto(buffer)
        except OSError:
            return 0


def normalized(lines):
    out, skip = [], False
    for line in lines:
        if skip:
            skip = False
            if line.startswith("    "):
                continue
        if line.startswith('  File "') and "/conform/" not in line.partition(",")[0]:
            # A frame of the standard library (runpy's, threading's...): each interpreter has its own.
            skip = True
            continue
        line = re.sub(r'File "[^"]*?/conform/', 'File "conform/', line)
        out.append(re.sub(r" at 0x[0-9a-f]+>", " at 0x...>", line))
    return out


def survivors(session):
    """Processes still in the command's session a while after it ended (an orphaned JVM, say)."""
    deadline = time.monotonic() + 3
    while True:
        left = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.getsid(int(entry)) == session:
                        left.append(int(entry))
                except OSError:
                    pass
        if not left or time.monotonic() > deadline:
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            return len(left)
        time.sleep(0.1)


main()
