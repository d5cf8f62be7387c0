package dev.pyjar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The warm server's run threads with stand-in contexts: each records the thread that prepared
 * it, which a GraalPy context makes its main thread.
 */
class RunThreadsTest {
    /** A stand-in context: where and how it was prepared. */
    record Prepared(int number, Thread thread) {}

    /** What a run saw: its context, and the thread it ran on. */
    record Ran(Prepared context, Thread thread) {}

    private final AtomicInteger preparations = new AtomicInteger();

    private Prepared prepare() {
        return new Prepared(preparations.incrementAndGet(), Thread.currentThread());
    }

    private static CompletableFuture<Ran> start(RunThreads<Prepared> threads) {
        CompletableFuture<Ran> ran = new CompletableFuture<>();
        threads.start(context -> {
            try {
                ran.complete(new Ran(context.get(), Thread.currentThread()));
            } catch (RuntimeException e) {
                ran.completeExceptionally(e);
            }
        });
        return ran;
    }

    @Test
    void aRunTakesTheContextPreparedAheadOnTheThreadThatPreparedIt() throws Exception {
        RunThreads<Prepared> threads = new RunThreads<>(this::prepare);
        assertTrue(threads.prepareFirst());
        assertEquals(1, preparations.get());
        Ran first = start(threads).get(30, TimeUnit.SECONDS);
        assertEquals(1, first.context().number());
        assertSame(first.context().thread(), first.thread());
        Ran second = start(threads).get(30, TimeUnit.SECONDS);
        assertEquals(2, second.context().number(), "the spare prepared after the first run was taken");
        assertSame(second.context().thread(), second.thread());
        assertEquals(2, threads.preparedAhead());
    }

    @Test
    void aSpareThatFailedToPrepareLeavesItsRunAContextOfItsOwn() throws Exception {
        RunThreads<Prepared> threads = new RunThreads<>(() -> {
            if (preparations.incrementAndGet() == 1) {
                throw new IllegalStateException("a context that could not be built");
            }
            return new Prepared(preparations.get(), Thread.currentThread());
        });
        assertFalse(threads.prepareFirst());
        Ran ran = start(threads).get(30, TimeUnit.SECONDS);
        assertSame(ran.context().thread(), ran.thread());
        assertEquals(0, threads.preparedAhead());
        assertTrue(ran.context().number() >= 2, ran.toString());
    }

    @Test
    void runsThatFindTheSpareTakenPrepareTheirOwnAndNoContextServesTwo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger preparing = new AtomicInteger();
        RunThreads<Prepared> threads = new RunThreads<>(() -> {
            Prepared prepared = prepare();
            if (prepared.number() > 1) {
                preparing.incrementAndGet();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return prepared;
        });
        assertTrue(threads.prepareFirst());
        List<CompletableFuture<Ran>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(start(threads));
        }
        // The first run has the spare, the second the next spare, still being prepared (one at a
        // time: no third spare yet); the other two prepare their own.
        assertEquals(1, runs.get(0).get(30, TimeUnit.SECONDS).context().number());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (preparing.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        assertEquals(3, preparing.get(), "one spare and two contexts of their own are being prepared");
        release.countDown();
        List<Prepared> used = new ArrayList<>();
        for (CompletableFuture<Ran> run : runs) {
            Ran ran = run.get(30, TimeUnit.SECONDS);
            assertSame(ran.context().thread(), ran.thread());
            used.forEach(other -> assertNotSame(other, ran.context()));
            used.add(ran.context());
        }
        Ran next = start(threads).get(30, TimeUnit.SECONDS);
        used.forEach(other -> assertNotSame(other, next.context()));
        assertEquals(3, threads.preparedAhead());
    }
}
