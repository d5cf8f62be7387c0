package dev.pyjar.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The threads a warm server's runs run on, each with the context prepared on it (a
 * {@link WarmContext}; any type {@code C} here): one is kept ready ahead of the next run (the
 * spare), so that a run does not wait for a context to be built and initialised. As soon as a
 * run takes the spare, the next is prepared in the background, one at a time. A run that finds
 * no spare (several arrive at once) gets a thread that prepares a context for it, as does a run
 * whose spare failed to prepare (the failure goes to the server's log). Once no run is running
 * ({@link #quiet}), a spare not yet taken is readied further ({@link Preparation#ahead}): then
 * the runs before it have ended and told what they needed, and nothing competes for the CPU.
 */
final class RunThreads<C> {
    /** A cold run's app runs on the main thread, whose stack is this large on Linux. */
    private static final long STACK = 8L << 20;

    private final Preparation<C> preparation;
    private final AtomicInteger preparedAhead = new AtomicInteger();
    private Spare spare;
    private boolean preparing;

    /** Builds and initialises a context on the calling thread ({@link WarmContext#prepare}). */
    interface Preparation<C> {
        C prepare();

        /** Readies a prepared context further, or gives another in its place; on the same thread. */
        default C ahead(C prepared) {
            return prepared;
        }
    }

    /** A run: given what supplies its context on the thread it runs on, it runs and answers its client. */
    interface Run<C> extends Consumer<Supplier<C>> {}

    RunThreads(Preparation<C> preparation) {
        this.preparation = preparation;
    }

    /** Prepares the first spare and waits for it; false if it could not be prepared. */
    boolean prepareFirst() {
        Spare first;
        synchronized (this) {
            first = startSpare();
        }
        return first.prepared.join();
    }

    /** Starts {@code run} on the spare's thread, or on a new thread that prepares its context. */
    synchronized void start(Run<C> run) {
        Spare taken = spare;
        spare = null;
        if (taken != null) {
            taken.run.complete(run);
        } else {
            thread(() -> run.accept(() -> preparation.prepare())).start();
        }
        if (!preparing) {
            startSpare();
        }
    }

    /** No run is running now: the spare, if not yet taken, is readied further. */
    synchronized void quiet() {
        if (spare != null) {
            spare.quiet.complete(null);
        }
    }

    /** How many runs have run in a context prepared before they came. */
    int preparedAhead() {
        return preparedAhead.get();
    }

    private Spare startSpare() {
        spare = new Spare();
        preparing = true;
        thread(spare).start();
        return spare;
    }

    private synchronized void prepared(Spare done) {
        preparing = false;
        if (spare != done) {
            // Taken while it was being prepared.
            startSpare();
        }
    }

    private final class Spare implements Runnable {
        final CompletableFuture<Run<C>> run = new CompletableFuture<>();
        final CompletableFuture<Boolean> prepared = new CompletableFuture<>();
        final CompletableFuture<Void> quiet = new CompletableFuture<>();

        @Override
        public void run() {
            C context = null;
            try {
                context = preparation.prepare();
            } catch (RuntimeException | Error e) {
                // Whatever went wrong, the run that takes this spare must still run.
                System.err.println("pyjar: warm-start server: a spare context could not be prepared (its run prepares another): " + e);
            } finally {
                prepared(this);
                prepared.complete(context != null);
            }
            if (context != null) {
                CompletableFuture.anyOf(run, quiet).join();
                if (!run.isDone()) {
                    context = ahead(context);
                }
            }
            C ready = context;
            Run<C> taker = run.join();
            if (ready != null) {
                preparedAhead.incrementAndGet();
                taker.accept(() -> ready);
            } else {
                taker.accept(() -> preparation.prepare());
            }
        }
    }

    private C ahead(C context) {
        try {
            return preparation.ahead(context);
        } catch (RuntimeException | Error e) {
            System.err.println("pyjar: warm-start server: a spare context could not be readied (its run prepares another): " + e);
            return null;
        }
    }

    private static Thread thread(Runnable body) {
        Thread thread = new Thread(null, body, "pyjar warm run", STACK);
        thread.setDaemon(true);
        return thread;
    }
}
