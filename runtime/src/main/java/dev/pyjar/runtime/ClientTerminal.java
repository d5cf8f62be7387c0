package dev.pyjar.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * What a warm run's app learns about the client's terminal: which of the client's three
 * standard streams is one, each on its own, and a terminal's size. GraalPy's Java POSIX backend,
 * which warm runs use, answers one flag for all three streams and a size fixed when the context
 * is built; {@code _pyjar_warm.use_client_terminal} puts these answers in their place.
 *
 * <p>A stdin that is a terminal is read by the client ({@link ClientInput}), so that Ctrl-C can
 * interrupt the app's wait for it.
 *
 * <p>Java cannot ask a terminal its size, so the size comes from {@code stty size} run on the
 * client's descriptor, only when the app asks, and is kept until the client relays SIGWINCH
 * ({@link #resized}).
 */
final class ClientTerminal {
    /** SIGWINCH's number, which the client relays when its terminal's window changes. */
    static final int RESIZED = new sun.misc.Signal("WINCH").getNumber();
    private static final long STTY_SECONDS = 5;

    /** How long the app waits for input at a time: between waits, its signal handlers run. */
    private static final long INPUT_WAIT_MILLIS = 50;

    private final ClientStreams streams;
    private final ClientInput input;
    private final boolean[] terminals = new boolean[3];
    private final Map<Integer, int[]> sizes = new ConcurrentHashMap<>();

    ClientTerminal(ClientStreams streams, ClientInput input) {
        this.streams = streams;
        this.input = input;
        for (int number = 0; number < terminals.length; number++) {
            terminals[number] = streams.terminal(number);
        }
    }

    /** Installs the answers in the run's context, on its main thread, before the app runs. */
    void install(Value warmModule) {
        warmModule.getMember("use_client_terminal").executeVoid(
                ProxyArray.fromArray(terminals[0], terminals[1], terminals[2]),
                (ProxyExecutable) arguments -> {
                    int[] size = size(arguments[0].asInt());
                    return size == null ? null : ProxyArray.fromArray(size[0], size[1]);
                },
                // Bytes as the chars of a Latin-1 string: the one conversion to Python's bytes that keeps each byte.
                (ProxyExecutable) arguments -> readInput(arguments[0].asInt()));
    }

    /** Up to {@code size} bytes of stdin as a Latin-1 string (empty at its end), or null when none came yet. */
    private String readInput(int size) {
        try {
            byte[] read = input.take(size, INPUT_WAIT_MILLIS);
            // The chars of a Latin-1 string: the one conversion to Python's bytes that keeps each byte.
            return read == null ? null : new String(read, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // The client is gone: the run is being stopped.
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The terminal's window changed: the next question asks it again. */
    void resized() {
        sizes.clear();
    }

    /** Columns and lines of the terminal that is the client's descriptor {@code number}; null when it cannot be told. */
    private int[] size(int number) {
        if (number < 0 || number >= terminals.length || !terminals[number]) {
            return null;
        }
        int[] size = sizes.computeIfAbsent(number, this::askStty);
        return size.length == 2 ? size : null;
    }

    private int[] askStty(int number) {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(streams.file(number)))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!stty.waitFor(STTY_SECONDS, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroyForcibly();
                return new int[0];
            }
            String[] linesAndColumns = answer.split("\\s+");
            return new int[] {Integer.parseInt(linesAndColumns[1]), Integer.parseInt(linesAndColumns[0])};
        } catch (IOException | RuntimeException e) {
            return new int[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new int[0];
        }
    }
}
