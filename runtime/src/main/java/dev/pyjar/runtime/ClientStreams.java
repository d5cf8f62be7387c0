package dev.pyjar.runtime;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A warm run's standard streams: the client process's own, which the server opens through
 * {@code /proc/<client pid>/fd/0..2} (Linux; the same user may). The app's reads and writes then
 * go straight to the client's terminal, pipe or file, byte for byte and as they happen, with no
 * copying through the socket, and a subprocess gets the same files ({@link ClientProcesses}).
 * Output is opened for appending, so that a file the client's shell opened with {@code >} is
 * written where the client would write, not over it. A stream that cannot be opened so (a
 * socket, another system) makes the server refuse the run, which then runs cold.
 */
final class ClientStreams implements Closeable {
    private final long pid;
    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;

    private ClientStreams(long pid, InputStream in, OutputStream out, OutputStream err) {
        this.pid = pid;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    static ClientStreams open(long pid) throws IOException {
        InputStream in = new FileInputStream(fd(pid, 0));
        try {
            OutputStream out = new FileOutputStream(fd(pid, 1), true);
            try {
                return new ClientStreams(pid, in, out, new FileOutputStream(fd(pid, 2), true));
            } catch (IOException e) {
                out.close();
                throw e;
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The client's file descriptor {@code number}, as a path this process can open. */
    File file(int number) {
        return fd(pid, number);
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    OutputStream err() {
        return err;
    }

    /** Writes a line of pyjar's own to the client's stderr. */
    void reportError(String line) {
        try {
            err.write((line + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The client's stderr is gone; its status still tells.
        }
    }

    /** Whether the client's descriptor is a terminal. */
    boolean terminal(int number) {
        try {
            String target = Files.readSymbolicLink(file(number).toPath()).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static File fd(long pid, int number) {
        return Path.of("/proc", Long.toString(pid), "fd", Integer.toString(number)).toFile();
    }

    @Override
    public void close() {
        for (Closeable stream : new Closeable[] {in, out, err}) {
            try {
                stream.close();
            } catch (IOException e) {
                // Only this process's copy closes; the client's stays.
            }
        }
    }
}
