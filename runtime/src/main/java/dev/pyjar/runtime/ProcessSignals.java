package dev.pyjar.runtime;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Sending POSIX signals from Java, which has no API for it beyond SIGTERM and SIGKILL to another
 * process ({@link ProcessHandle#destroy()}, {@link ProcessHandle#destroyForcibly()}) and refuses
 * both for its own process: everything else goes through the system's {@code kill} command.
 */
final class ProcessSignals {
    private static final List<String> KILL_COMMANDS = List.of("kill", "/bin/kill", "/usr/bin/kill");
    /** POSIX's signals, by the names the JVM knows them by (numbers differ between systems). */
    private static final List<String> NAMES = List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
            "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    /** Those whose default action is to ignore the signal or to stop the process, not to end it. */
    private static final Set<String> NOT_ENDING = Set.of("CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "WINCH");

    private ProcessSignals() {}

    /** Sends signal {@code name} (say {@code "INT"}) to process {@code pid}; false when it could not be sent. */
    static boolean send(ProcessHandle process, String name) {
        if (name.equals("TERM") && process.pid() != ProcessHandle.current().pid()) {
            return process.destroy();
        }
        return send(process.pid(), name);
    }

    /**
     * Sends signal {@code name} (or {@code "0"}: none, only the check) as kill(2) does to
     * {@code target}: a process, or for a negative number the process group of minus it; false
     * when it could not be sent.
     */
    static boolean send(long target, String name) {
        for (String kill : KILL_COMMANDS) {
            try {
                Process sender = new ProcessBuilder(kill, "-s", name, "--", Long.toString(target))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                return waitFor(sender) == 0;
            } catch (IOException e) {
                // Not here: try the next place it may be.
            }
        }
        return false;
    }

    /**
     * Ends this JVM as if the operating system had delivered {@code signal} with its default
     * action, so that a parent's {@code waitpid} (a shell among them) sees "killed by signal", as
     * for CPython after an uncaught KeyboardInterrupt. Without a {@code kill} command, or for a
     * signal whose default action is not to end the process, it exits with 128 + the number,
     * which is what a shell reports either way.
     */
    static void terminate(int signal) {
        String name = nameOf(signal);
        if (name != null && endsByDefault(name) && (name.equals("KILL") || restoreDefaultAction(name))) {
            System.out.flush();
            System.err.flush();
            if (send(ProcessHandle.current(), name)) {
                try {
                    // Delivery is asynchronous: give it a moment before falling back to a plain exit.
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Runtime.getRuntime().halt(128 + signal);
    }

    /**
     * Gives the signals the operating system's default action, as a CPython process has it,
     * where the JVM would otherwise run its shutdown hooks and exit with 128 + the number; a
     * signal this process was started with ignored stays ignored, as under CPython.
     */
    static void restoreDefaultActions(String... names) {
        for (String name : names) {
            try {
                Signal signal = new Signal(name);
                if (Signal.handle(signal, SignalHandler.SIG_DFL) == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, SignalHandler.SIG_IGN);
                }
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Not a signal of this system, or the JVM's own.
            }
        }
    }

    /** Gives signal {@code name} the operating system's default action in this process; false when the JVM keeps it. */
    static boolean restoreDefaultAction(String name) {
        try {
            Signal.handle(new Signal(name), SignalHandler.SIG_DFL);
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether signal {@code name}'s default action ends the process (rather than being ignored or stopping it). */
    static boolean endsByDefault(String name) {
        return !NOT_ENDING.contains(name);
    }

    /** The JVM's name of signal {@code number} here, or null. */
    static String nameOf(int number) {
        for (String name : NAMES) {
            try {
                if (new Signal(name).getNumber() == number) {
                    return name;
                }
            } catch (IllegalArgumentException e) {
                // Not a signal of this system.
            }
        }
        return null;
    }

    private static int waitFor(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
