package dev.pyjar.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the warm-start client and server say to each other over the socket: frames, each a length
 * and that many bytes, read and written on the channel itself (streams over one blocking channel
 * would make a thread waiting for a signal to relay block the other's read). A run's request
 * frame holds the command, then the client's pid, working directory, environment and arguments;
 * the server answers with one frame, {@link #ACCEPTED} or a refusal. During an accepted run, each
 * frame is a {@link Message}: from the client, a signal it received ({@link #SIGNAL}) or input
 * the server asked for ({@link #INPUT}); from the server, a request to read the client's stdin
 * ({@link #READ}) and, last, the run's status ({@link #EXIT}).
 */
final class WarmFrames {
    static final String RUN = "run";
    static final String STATUS = "status";
    static final String STOP = "stop";
    static final String ACCEPTED = "accepted";
    /** A signal the client received: its number. */
    static final byte SIGNAL = 's';
    /** What the client read from its stdin as the server asked: the bytes, none at its end. */
    static final byte INPUT = 'i';
    /** Read up to this many bytes of stdin and send them ({@link ClientInput}). */
    static final byte READ = 'r';
    /** The run has ended with this status. */
    static final byte EXIT = 'x';
    private static final int MAX_FRAME = 64 << 20;

    private WarmFrames() {}

    static void send(SocketChannel channel, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip();
        synchronized (channel) {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        }
    }

    static void sendText(SocketChannel channel, String text) throws IOException {
        send(channel, text.getBytes(StandardCharsets.UTF_8));
    }

    static void send(SocketChannel channel, Message message) throws IOException {
        send(channel, ByteBuffer.allocate(1 + message.body().length).put(message.kind()).put(message.body()).array());
    }

    /** The next frame; EOFException when the other side is gone. */
    static byte[] receive(SocketChannel channel) throws IOException {
        int length = readFully(channel, ByteBuffer.allocate(4)).getInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("not a pyjar warm-start frame");
        }
        return readFully(channel, ByteBuffer.allocate(length)).array();
    }

    static String receiveText(SocketChannel channel) throws IOException {
        return new String(receive(channel), StandardCharsets.UTF_8);
    }

    static Message receiveMessage(SocketChannel channel) throws IOException {
        byte[] frame = receive(channel);
        if (frame.length == 0) {
            throw new IOException("not a pyjar warm-start message");
        }
        return new Message(frame[0], Arrays.copyOfRange(frame, 1, frame.length));
    }

    private static ByteBuffer readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException();
            }
        }
        return buffer.flip();
    }

    /** One frame of a run under way: its kind ({@link #SIGNAL}, {@link #INPUT}, {@link #READ}, {@link #EXIT}) and body. */
    record Message(byte kind, byte[] body) {
        static Message ofInt(byte kind, int value) {
            return new Message(kind, ByteBuffer.allocate(4).putInt(value).array());
        }

        int intValue() throws IOException {
            if (body.length != 4) {
                throw new IOException("not a pyjar warm-start number");
            }
            return ByteBuffer.wrap(body).getInt();
        }
    }

    /** A run as the client asks for it. */
    record Request(String command, long pid, String directory, Map<String, String> environment, List<String> arguments) {
        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out, command);
                out.writeLong(pid);
                write(out, directory);
                out.writeInt(environment.size());
                for (Map.Entry<String, String> variable : environment.entrySet()) {
                    write(out, variable.getKey());
                    write(out, variable.getValue());
                }
                out.writeInt(arguments.size());
                for (String argument : arguments) {
                    write(out, argument);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static Request decode(byte[] frame) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
            String command = read(in);
            long pid = in.readLong();
            String directory = read(in);
            Map<String, String> environment = new LinkedHashMap<>();
            for (int count = in.readInt(); count > 0; count--) {
                environment.put(read(in), read(in));
            }
            List<String> arguments = new ArrayList<>();
            for (int count = in.readInt(); count > 0; count--) {
                arguments.add(read(in));
            }
            return new Request(command, pid, directory, environment, arguments);
        }

        private static void write(DataOutputStream out, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        private static String read(DataInputStream in) throws IOException {
            int length = in.readInt();
            if (length < 0 || length > MAX_FRAME) {
                throw new IOException("not a pyjar warm-start request");
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }
}
