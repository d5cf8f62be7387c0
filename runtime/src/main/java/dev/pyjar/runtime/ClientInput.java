package dev.pyjar.runtime;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A warm run's stdin when the client's is a terminal: the client reads it, as the server asks
 * ({@link WarmFrames#READ}), and sends what it read ({@link WarmFrames#INPUT}).
 *
 * <p>A read of a terminal that the server made itself could not be interrupted: Ctrl-C then
 * found the app's main thread blocked where no Python handler can run, and a run stopped by force
 * left that read waiting on the terminal, to take the next line the user typed into the shell.
 * Here the app waits in short steps ({@link #take}) between which its signal handlers run, and a
 * read still waiting when the run ends ends with the client.
 */
final class ClientInput {
    private final SocketChannel channel;
    private byte[] held;
    private boolean asked;

    ClientInput(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Up to {@code size} bytes of input, none at its end; null when none came within
     * {@code waitMillis}: the caller asks again, and gets what the client read meanwhile.
     */
    synchronized byte[] take(int size, long waitMillis) throws IOException, InterruptedException {
        if (held == null && !asked) {
            WarmFrames.send(channel, WarmFrames.Message.ofInt(WarmFrames.READ, Math.max(1, size)));
            asked = true;
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        for (long left = waitMillis; held == null && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
        if (held == null) {
            return null;
        }
        byte[] taken = Arrays.copyOf(held, Math.min(size, held.length));
        held = taken.length == held.length ? null : Arrays.copyOfRange(held, taken.length, held.length);
        return taken;
    }

    /** What the client read, as asked. */
    synchronized void arrived(byte[] input) {
        held = input;
        asked = false;
        notifyAll();
    }
}
