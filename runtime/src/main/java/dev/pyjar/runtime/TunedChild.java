package dev.pyjar.runtime;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/** The one place where the tuned JVM that runs the app is started and waited for. */
final class TunedChild {
    private TunedChild() {}

    /**
     * Runs the command with this process's stdin, stdout and stderr and returns its exit status;
     * empty when it could not be started.
     */
    static OptionalInt run(List<String> command) {
        Process child;
        try {
            ignoreInterrupts();
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(waitFor(child));
    }

    private static int waitFor(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // The child owns the run; this JVM only relays its status.
            }
        }
    }

    /** Ctrl-C reaches both JVMs; only the one running Python should react (and report 130). */
    private static void ignoreInterrupts() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No such signal here: nothing to ignore.
        }
    }
}
