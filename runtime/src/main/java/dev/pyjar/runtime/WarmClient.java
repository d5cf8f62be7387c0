package dev.pyjar.runtime;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The client of a warm start, in the JVM {@code java -jar} started: hands the run to the server
 * with this process's id (the server opens this process's own standard streams, see
 * {@link ClientStreams}), working directory, environment and arguments, relays the signals a
 * user sends to this process while it runs, and returns its status. Everything up to the
 * server's acceptance falls back to a cold run; nothing here loads GraalPy.
 */
final class WarmClient {
    /**
     * The signals a user or a supervisor sends to stop a run, the terminal's when its window
     * changes, and SIGUSR1; the server gives each to the run as the app's disposition says.
     */
    static final List<String> RELAYED = List.of("INT", "TERM", "HUP", "WINCH", "USR1");

    private WarmClient() {}

    /** The run's status as {@link Launcher#run} returns statuses; empty when no server took the run. */
    static OptionalInt run(SocketChannel channel, List<String> arguments, Map<String, String> environment) {
        WarmFrames.Request request = new WarmFrames.Request(WarmFrames.RUN, ProcessHandle.current().pid(),
                System.getProperty("user.dir"), environment, arguments);
        try {
            WarmFrames.send(channel, request.encode());
            if (!WarmFrames.receiveText(channel).equals(WarmFrames.ACCEPTED)) {
                close(channel);
                return OptionalInt.empty();
            }
        } catch (IOException e) {
            close(channel);
            return OptionalInt.empty();
        }
        Map<Signal, SignalHandler> replaced = relaySignals(channel);
        try {
            WarmFrames.Message message = WarmFrames.receiveMessage(channel);
            for (; message.kind() == WarmFrames.READ; message = WarmFrames.receiveMessage(channel)) {
                readStdin(channel, message.intValue());
            }
            if (message.kind() != WarmFrames.EXIT) {
                throw new IOException("not a pyjar warm-start status");
            }
            catchUpFileOffsets();
            return OptionalInt.of(message.intValue());
        } catch (IOException e) {
            System.err.println("pyjar: error: the warm-start server ended during the run (" + e + ")");
            return OptionalInt.of(1);
        } finally {
            replaced.forEach(Signal::handle);
            close(channel);
        }
    }

    /** Asks the server for its status or to stop, and returns its answer; null when it did not answer. */
    static String ask(SocketChannel channel, String command) {
        try {
            WarmFrames.send(channel, new WarmFrames.Request(command, ProcessHandle.current().pid(), "", Map.of(), List.of()).encode());
            return WarmFrames.receiveText(channel);
        } catch (IOException e) {
            return null;
        } finally {
            close(channel);
        }
    }

    /**
     * The server wrote to this process's stdout and stderr through files of its own, which append
     * ({@link ClientStreams}): where those are regular files, this process's offsets move to their
     * end, as they would had it written there itself, so that what the shell writes next, say in
     * {@code { app; echo done; } > log}, comes after the run's output rather than over it.
     */
    private static void catchUpFileOffsets() {
        for (FileDescriptor descriptor : new FileDescriptor[] {FileDescriptor.out, FileDescriptor.err}) {
            // Not closed: that would close the descriptor itself.
            FileChannel channel = new FileOutputStream(descriptor).getChannel();
            try {
                channel.position(channel.size());
            } catch (IOException e) {
                // A pipe or a terminal: no offset to move.
            }
        }
    }

    private static Map<Signal, SignalHandler> relaySignals(SocketChannel channel) {
        Map<Signal, SignalHandler> replaced = new HashMap<>();
        for (String name : RELAYED) {
            try {
                Signal signal = new Signal(name);
                replaced.put(signal, Signal.handle(signal, caught -> {
                    try {
                        WarmFrames.send(channel, WarmFrames.Message.ofInt(WarmFrames.SIGNAL, caught.getNumber()));
                    } catch (IOException e) {
                        // The run has ended: its status is on its way.
                    }
                }));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Not a signal of this system.
            }
        }
        return replaced;
    }

    /**
     * Reads up to {@code size} bytes of this process's stdin, a terminal, for the run
     * ({@link ClientInput}), on a thread of its own: the read may wait for the user while the
     * run's status arrives, and then ends with this process.
     */
    private static void readStdin(SocketChannel channel, int size) {
        Thread reader = new Thread(() -> {
            byte[] read;
            try {
                byte[] buffer = new byte[size];
                int count = new FileInputStream(FileDescriptor.in).read(buffer);
                read = count < 0 ? new byte[0] : Arrays.copyOf(buffer, count);
            } catch (IOException e) {
                read = new byte[0];
            }
            try {
                WarmFrames.send(channel, new WarmFrames.Message(WarmFrames.INPUT, read));
            } catch (IOException e) {
                // The run has ended: its status is on its way.
            }
        }, "pyjar warm stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to say on it.
        }
    }
}
