package dev.pyjar.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The process a warm run is, to its app: the client's. {@code os.getpid}, {@code os.getppid},
 * {@code os.getpgrp} and {@code os.getsid} answer the client's ids, and {@code os.kill} and {@code os.killpg} send real signals (through
 * the system's {@code kill}), so that a signal the app sends its own pid or group reaches the
 * client, which relays it to the run, as it would reach a cold run. GraalPy's Java POSIX
 * backend, which warm runs use, answers the server's pid, has no {@code getppid}, and sends only
 * SIGKILL and SIGTERM, and only to processes the context started.
 */
final class ClientProcess {
    private static final int EPERM = 1;
    private static final int ESRCH = 3;
    private static final int EINVAL = 22;

    private final long pid;

    ClientProcess(long pid) {
        this.pid = pid;
    }

    /** Installs the client's process in the run's context, on its main thread, before the app runs. */
    void install(Value warmModule) {
        long parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(1L);
        warmModule.getMember("use_client_process").executeVoid(pid, parent, processGroup(), session(),
                (ProxyExecutable) arguments -> kill(arguments[0].asLong(), arguments[1].asInt()));
    }

    /** kill(2) as the client would call it: 0, or the error number it would fail with. */
    private int kill(long target, int number) {
        String name = number == 0 ? "0" : ProcessSignals.nameOf(number);
        if (name == null) {
            return EINVAL;
        }
        long group = processGroup();
        if (target == 0 && group <= 0) {
            // A group outside this pid namespace reads as 0: there is nothing here to signal.
            return ESRCH;
        }
        long to = target == 0 ? -group : target;
        if (to > 0 && ProcessHandle.of(to).isEmpty()) {
            return ESRCH;
        }
        return ProcessSignals.send(to, name) ? 0 : EPERM;
    }

    /** The client's process group (Linux: the fifth field of /proc/<pid>/stat); -1 when it cannot be read. */
    private long processGroup() {
        return statField(2);
    }

    /**
     * The client's session (the sixth field); -1 when it cannot be read. 0 is a real answer: a
     * session led from outside this pid namespace, as in a container.
     */
    private long session() {
        return statField(3);
    }

    /** A numeric field of /proc/<pid>/stat, counted from the state, the field after the command name. */
    private long statField(int index) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name, in parentheses, may hold spaces: the fields after it are state, ppid, pgrp, session.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[index]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
