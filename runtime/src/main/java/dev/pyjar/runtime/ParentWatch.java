package dev.pyjar.runtime;

import java.util.Optional;

/**
 * In the second JVM: ends it when the JVM that started it is gone. That one only relays signals
 * and the exit status; if it is killed outright (SIGKILL, an OOM killer), nobody would stop the app
 * any more, and it would run on as an orphan.
 */
final class ParentWatch {
    /** How often the parent is looked at: a parent's death is noticed within this time. */
    private static final long PERIOD_MILLIS = 250;

    private ParentWatch() {}

    static void start() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        ProcessHandle watched = parent.get();
        Thread watch = new Thread(() -> {
            // Polled here rather than with onExit(): for a process that is not its child, the JDK
            // polls too, with a back-off that grows to five seconds between looks.
            while (watched.isAlive()) {
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            // As CPython is when its process is killed outright: no cleanup, no output.
            Runtime.getRuntime().halt(128 + 9);
        }, "pyjar parent watch");
        watch.setDaemon(true);
        watch.start();
    }
}
