package dev.pyjar.runtime;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

/**
 * Closes a context whose Python threads have all been joined. A joined thread may still be
 * leaving the context on the Java side (GraalPy 25.0.3), and a close in that moment fails with
 * "did not complete all polyglot threads" although nothing is left to wait for; the same close
 * succeeds once the thread has left, so it is tried again for up to a second.
 */
final class ContextCloser {
    private static final String THREADS_STILL_LEAVING = "did not complete all polyglot threads";
    private static final int ATTEMPTS = 50;
    private static final long PAUSE_MILLIS = 20;

    private ContextCloser() {}

    static void close(Context context) {
        for (int attempt = 1; ; attempt++) {
            try {
                context.close();
                return;
            } catch (PolyglotException e) {
                if (attempt == ATTEMPTS || e.getMessage() == null || !e.getMessage().contains(THREADS_STILL_LEAVING)) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
