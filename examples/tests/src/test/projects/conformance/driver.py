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
Then stdin is closed and the transcript printed: stdout, stderr with the program's own location
left out (`File ".../conform/x.py"` becomes `File "conform/x.py"`), the standard library's frames
dropped (each interpreter has its own copy of it) and object addresses hidden, the
exit status as Python's subprocess reports it (negative: ended by that signal), and how many
processes of the session outlived it.
"""
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
    head = "head" in steps
    if head:
        steps.remove("head")
    command = sys.argv[sys.argv.index("--") + 1:]
    # Without the caller's PYTHON* variables (PYTHONUNBUFFERED, say), which python3 honours and a
    # packed app does not (README): both run as if none were set.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, env=environment)
    stdout, stderr, ready = [], [], threading.Event()

    def collect(stream, lines, watch):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            lines.append(line)
            if watch and line == "ready":
                ready.set()
                if head:
                    break
        if watch:
            ready.set()
        stream.close()

    readers = [threading.Thread(target=collect, args=(process.stdout, stdout, True)),
               threading.Thread(target=collect, args=(process.stderr, stderr, False))]
    for reader in readers:
        reader.start()
    if not ready.wait(READY_TIMEOUT):
        print("driver: no 'ready' within", READY_TIMEOUT, "s")
    for step in steps:
        time.sleep(0.5)
        if step.endswith("-group"):
            os.killpg(process.pid, getattr(signal, "SIG" + step[:-len("-group")].upper()))
        elif step.endswith("-launcher"):
            os.kill(process.pid, getattr(signal, "SIG" + step[:-len("-launcher")].upper()))
        elif step == "say":
            process.stdin.write(b"hello\n")
            process.stdin.flush()
        elif step == "pause":
            pass
        else:
            raise SystemExit("driver: unknown step " + step)
    time.sleep(0.5)
    try:
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
    print("\n".join(stdout))
    print("--- stderr")
    print("\n".join(normalized(stderr)))
    print("--- status", status)
    print("--- left behind", left)


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
