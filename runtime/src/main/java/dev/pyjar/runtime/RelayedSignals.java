package dev.pyjar.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * In the second JVM: takes the signals the first one relays ({@link SignalRelay}) and raises them
 * here, as if sent to this process, and ends this JVM when the first one is gone (killed outright,
 * say), so that the app never runs on as an orphan.
 *
 * <p>It counts the signals it raised, so that the app's side can tell a relayed delivery from a
 * direct one and count a signal sent to the whole process group, which arrives both ways, once
 * (_pyjar's coalesce_relayed_signals).
 */
final class RelayedSignals {
    /** How long the relay's socket may take to appear: it is made while this JVM starts, on a loaded machine slowly. */
    private static final long CONNECT_PATIENCE_NANOS = 10_000_000_000L;

    private final Map<Integer, AtomicInteger> raised = new ConcurrentHashMap<>();

    private RelayedSignals() {}

    /**
     * Connects to the relay's socket in the background (the relay makes it while this JVM starts);
     * where that fails, watches the first JVM instead ({@link ParentWatch}).
     */
    static RelayedSignals start(String socket) {
        RelayedSignals signals = new RelayedSignals();
        Thread receiver = new Thread(() -> {
            SocketChannel connection = connect(Path.of(socket));
            if (connection == null) {
                ParentWatch.start();
            } else {
                signals.receive(connection);
            }
        }, "pyjar relayed signals");
        receiver.setDaemon(true);
        receiver.start();
        return signals;
    }

    /** The connection, once the socket is there; null when it does not come, or is not the relay's. */
    private static SocketChannel connect(Path socket) {
        long deadline = System.nanoTime() + CONNECT_PATIENCE_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(socket) && trusted(socket.getParent())) {
                    SocketChannel connection = SocketChannel.open(StandardProtocolFamily.UNIX);
                    connection.connect(UnixDomainSocketAddress.of(socket));
                    return connection;
                }
            } catch (IOException | RuntimeException e) {
                // Not listening yet: look again.
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    /** Whether the directory is this user's and only this user's, as the relay makes it: nobody else's socket. */
    private static boolean trusted(Path directory) throws IOException {
        return Files.getOwner(directory).getName().equals(System.getProperty("user.name"))
                && Files.getPosixFilePermissions(directory).equals(PosixFilePermissions.fromString("rwx------"));
    }

    /** Whether a delivery of signal {@code number} was relayed, counting it off; for the app's side, once per delivery. */
    boolean takeRelayed(int number) {
        AtomicInteger count = raised.get(number);
        return count != null && count.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private void receive(SocketChannel connection) {
        ByteBuffer number = ByteBuffer.allocate(1);
        try (connection) {
            while (connection.read(number.clear()) > 0) {
                raise(number.get(0) & 0xff);
            }
        } catch (IOException e) {
            // Treated as the end of the first JVM, like end of stream.
        }
        // The first JVM is gone without waiting for this one, which it always does otherwise: it
        // was killed outright. As CPython would be then: no cleanup, no output.
        Runtime.getRuntime().halt(128 + 9);
    }

    private void raise(int number) {
        String name = ProcessSignals.nameOf(number);
        if (name == null) {
            return;
        }
        Signal signal = new Signal(name);
        AtomicInteger count = raised.computeIfAbsent(number, n -> new AtomicInteger());
        count.incrementAndGet();
        try {
            Signal.raise(signal);
            return;
        } catch (IllegalArgumentException noJavaHandler) {
            count.decrementAndGet();
        }
        // No handler in Java, hence none in Python: the signal is ignored here, or has the default
        // action, which the JVM refuses to raise into itself.
        if (Signal.handle(signal, SignalHandler.SIG_DFL) == SignalHandler.SIG_IGN) {
            Signal.handle(signal, SignalHandler.SIG_IGN);
        } else if (ProcessSignals.endsByDefault(name)) {
            ProcessSignals.terminate(number);
        }
    }
}
