package dev.pyjar.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.io.ProcessHandler;

/**
 * Starts the processes a warm run's app starts (subprocess, os.system, os.exec*) as the client
 * would: in the directory and with the environment GraalPy gives (the run's), and with what the
 * app leaves inherited being the client's own standard streams ({@link ClientStreams}, as the
 * run bound them to its context's {@link DeferredStreams}), not the server's. Keeps them, so that a run stopped by force takes its processes with it (GraalPy
 * refuses to close a context whose processes are alive). A process started before a run has
 * bound its streams is GraalPy's own (patchelf, for a module imported ahead): it inherits the
 * server's streams (no input, its log).
 */
final class ClientProcesses implements ProcessHandler {
    private final DeferredStreams streams;
    private final List<Process> started = new ArrayList<>();
    private boolean ended;

    ClientProcesses(DeferredStreams streams) {
        this.streams = streams;
    }

    @Override
    public synchronized Process start(ProcessCommand command) throws IOException {
        if (ended) {
            throw new IOException("the run is being stopped");
        }
        ClientStreams client = streams.client();
        ProcessBuilder builder = new ProcessBuilder(command.getCommand());
        if (command.getDirectory() != null) {
            builder.directory(new java.io.File(command.getDirectory()));
        }
        builder.environment().clear();
        builder.environment().putAll(command.getEnvironment());
        // GraalPy asks to merge stderr into stdout whenever both are the same descriptor, which
        // both inherited ones are: kept apart, each goes to the client's own.
        boolean bothInherited = command.getOutputRedirect() == Redirect.INHERIT && command.getErrorRedirect() == Redirect.INHERIT;
        builder.redirectErrorStream(command.isRedirectErrorStream() && !bothInherited);
        builder.redirectInput(command.getInputRedirect() != Redirect.INHERIT ? ProcessBuilder.Redirect.PIPE
                : client == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(client.file(0)));
        builder.redirectOutput(output(command.getOutputRedirect(), client, 1));
        builder.redirectError(output(command.getErrorRedirect(), client, 2));
        Process process = builder.start();
        started.add(process);
        pumpToStream(process.getInputStream(), command.getOutputRedirect());
        if (!builder.redirectErrorStream()) {
            pumpToStream(process.getErrorStream(), command.getErrorRedirect());
        }
        return process;
    }

    private static ProcessBuilder.Redirect output(Redirect redirect, ClientStreams client, int descriptor) {
        return redirect != Redirect.INHERIT ? ProcessBuilder.Redirect.PIPE
                : client == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.appendTo(client.file(descriptor));
    }

    /** A redirect to one of GraalPy's streams: the process writes into a pipe, copied there. */
    private static void pumpToStream(InputStream from, Redirect redirect) {
        OutputStream to = redirect.getOutputStream();
        if (to == null) {
            return;
        }
        Thread pump = new Thread(() -> {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // The reader went away; the process sees a broken pipe, as it would.
            }
        }, "pyjar warm process output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Runs {@code action} once every process the run started has ended (at once when none is alive); no new one starts after this. */
    void whenAllEnded(Runnable action) {
        CompletableFuture<?>[] exits;
        synchronized (this) {
            ended = true;
            exits = started.stream().map(Process::onExit).toArray(CompletableFuture[]::new);
        }
        CompletableFuture.allOf(exits).thenRun(action);
    }

    /** Kills every process the run started and their descendants, and refuses new ones. */
    synchronized void destroyAll() {
        ended = true;
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
