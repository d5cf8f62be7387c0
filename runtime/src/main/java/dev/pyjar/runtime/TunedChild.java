package dev.pyjar.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The one place where the tuned JVM that runs the app is started and waited for. */
final class TunedChild {
    private TunedChild() {}

    /**
     * Runs the command with this process's stdin, stdout and stderr, relaying signals to it
     * ({@link SignalRelay}), and returns its exit status as {@link SignalRelay#waitFor()} reports
     * it; empty when it could not be started.
     */
    static OptionalInt run(List<String> command) {
        SignalRelay relay = SignalRelay.install();
        List<String> relayed = new ArrayList<>(command);
        // System properties for the child go right after the java command, before -jar.
        relayed.addAll(1, relay.childOptions());
        try {
            relay.attach(new ProcessBuilder(relayed).inheritIO().start());
        } catch (IOException | UnsupportedOperationException e) {
            relay.uninstall();
            return OptionalInt.empty();
        }
        return OptionalInt.of(relay.waitFor());
    }
}
