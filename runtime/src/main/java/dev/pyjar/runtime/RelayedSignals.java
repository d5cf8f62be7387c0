package dev.pyjar.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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
    private final Map<Integer, AtomicInteger> raised = new ConcurrentHashMap<>();

    private RelayedSignals() {}

    /** Connects to the relay's socket; where that fails, watches the first JVM instead ({@link ParentWatch}). */
    static RelayedSignals start(String socket) {
        RelayedSignals signals = new RelayedSignals();
        SocketChannel connection;
        try {
            connection = SocketChannel.open(StandardProtocolFamily.UNIX);
            connection.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            ParentWatch.start();
            return signals;
        }
        Thread receiver = new Thread(() -> signals.receive(connection), "pyjar relayed signals");
        receiver.setDaemon(true);
        receiver.start();
        return signals;
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
