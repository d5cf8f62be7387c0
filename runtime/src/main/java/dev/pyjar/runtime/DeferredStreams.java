package dev.pyjar.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The standard streams a warm context is built with before its run is known ({@link WarmContext}):
 * GraalPy takes a context's streams when the context is built, so these pass every read and write
 * on to the client's own streams ({@link ClientStreams}) once a run has bound them. Before that,
 * nothing is read (end of file) and what GraalPy writes goes to the server's log. Closing them
 * closes nothing: the run closes its client's streams itself.
 */
final class DeferredStreams {
    private volatile ClientStreams client;
    private final InputStream in = new Input();
    private final OutputStream out = new Output(1);
    private final OutputStream err = new Output(2);

    /** From now on, the streams are the client's. Once only. */
    void bind(ClientStreams streams) {
        if (client != null) {
            throw new IllegalStateException("a warm context serves one run");
        }
        client = streams;
    }

    /** The client's streams; null before a run has bound them. */
    ClientStreams client() {
        return client;
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

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            ClientStreams bound = client;
            return bound == null ? -1 : bound.in().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            ClientStreams bound = client;
            return bound == null ? -1 : bound.in().read(buffer, offset, length);
        }

        @Override
        public int available() throws IOException {
            ClientStreams bound = client;
            return bound == null ? 0 : bound.in().available();
        }
    }

    private final class Output extends OutputStream {
        private final int descriptor;

        Output(int descriptor) {
            this.descriptor = descriptor;
        }

        private OutputStream target() {
            ClientStreams bound = client;
            if (bound == null) {
                return System.err;
            }
            return descriptor == 1 ? bound.out() : bound.err();
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            target().write(buffer, offset, length);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }
}
