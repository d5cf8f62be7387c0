package dev.pyjar.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * In the JVM that {@code java -jar} started, while a second JVM runs the app: every signal that a
 * user or a supervisor sends to this process goes on to the app, and this process ends only after
 * the app did, with its status (for an app that a signal ended, by the same signal).
 *
 * <p>Signals go over a Unix domain socket (in a directory only this user can enter) rather than
 * with {@code kill}: the second JVM ({@link RelayedSignals}) then knows which of its signals were
 * relayed. A signal sent to the whole process group, such as a terminal's Ctrl-C, reaches both
 * JVMs, and the app must see it once, not twice. The socket also tells the second JVM at once when
 * this one is gone. It is made while the second JVM starts, off this short-lived JVM's path to
 * starting it; where it cannot be made, signals are sent with {@code kill}.
 *
 * <p>SIGQUIT, SIGUSR2 and the JVM's other own signals are not relayed: the JVM keeps them.
 */
final class SignalRelay {
    /** The second JVM's system property naming the socket to connect to. */
    static final String SOCKET_PROPERTY = "pyjar.signalRelay";
    /** The signals a user or supervisor sends to ask something of a process. */
    private static final List<String> FORWARDED = List.of("HUP", "INT", "TERM", "USR1", "ALRM", "WINCH");

    private final Map<Signal, SignalHandler> replaced = new HashMap<>();
    private final BlockingQueue<Signal> received = new LinkedBlockingQueue<>();
    /** Where the socket will be: a name only, until {@link #attach} makes it. */
    private final Path socket;
    private volatile ServerSocketChannel server;
    private volatile Process child;
    private volatile boolean over;

    private SignalRelay(Path socket) {
        this.socket = socket;
    }

    /** Starts catching the signals; those that arrive before {@link #attach} are kept for the child. */
    static SignalRelay install() {
        String temporary = System.getProperty("java.io.tmpdir");
        SignalRelay relay = new SignalRelay(temporary == null ? null : Path.of(temporary,
                "pyjar-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()), "signals"));
        for (String name : FORWARDED) {
            try {
                Signal signal = new Signal(name);
                relay.replaced.put(signal, Signal.handle(signal, caught -> {
                    if (!relay.over) {
                        relay.received.add(caught);
                    }
                }));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Not a signal of this system, or the JVM's own.
            }
        }
        return relay;
    }

    /** The options that tell the second JVM where to find this relay. */
    List<String> childOptions() {
        return socket == null ? List.of() : List.of("-D" + SOCKET_PROPERTY + "=" + socket);
    }

    /** Gives the signals back to the handlers they had: there is no child to relay to after all. */
    void uninstall() {
        replaced.forEach(Signal::handle);
    }

    /** Makes the socket and relays to {@code child} from now on, and what came before. */
    void attach(Process child) {
        this.child = child;
        Thread forwarder = new Thread(this::forward, "pyjar signal relay");
        forwarder.setDaemon(true);
        forwarder.start();
    }

    /**
     * Waits for the child and returns its status as the Launcher reports statuses: a child that a
     * signal ended (status 128 + its number, as Java reports it) as minus that number.
     */
    int waitFor() {
        int status;
        while (true) {
            try {
                status = child.waitFor();
                break;
            } catch (InterruptedException e) {
                // The child owns the run; this JVM only relays its status.
            }
        }
        over = true;
        close();
        boolean bySignal = status > 128 && status < 160 && ProcessSignals.nameOf(status - 128) != null;
        return bySignal ? -(status - 128) : status;
    }

    private void forward() {
        try (SocketChannel connection = connect()) {
            ByteBuffer number = ByteBuffer.allocate(1);
            while (true) {
                Signal signal = received.take();
                if (connection == null) {
                    ProcessSignals.send(child.toHandle(), signal.getName());
                } else {
                    connection.write(number.clear().put((byte) signal.getNumber()).flip());
                }
            }
        } catch (IOException | InterruptedException e) {
            // The child is gone: nothing left to relay to.
        }
    }

    /** The child's connection to the socket, or null where none could be made. */
    private SocketChannel connect() {
        if (socket == null) {
            return null;
        }
        try {
            Files.createDirectory(socket.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            if (over) {
                close();
                return null;
            }
            SocketChannel connection = server.accept();
            close();
            return connection;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            close();
            return null;
        }
    }

    private void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // Only the files are left to remove.
        }
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(socket.getParent());
            } catch (IOException | SecurityException e) {
                // A stray empty directory in the temporary directory harms nobody.
            }
        }
    }
}
