package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.RuntimeModule;
import java.nio.file.Path;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One run in the warm server: a fresh context, built and run on a thread of its own (which
 * becomes the context's main thread), with the client's arguments, environment, working
 * directory and standard streams, and its signals ({@link RunSignals}). A stop by force
 * ({@link #stop}) kills the run's processes, then cancels the context: no {@code finally} of
 * the app runs then, as none runs when a process is killed.
 */
final class WarmRun {
    private final PythonPack pack;
    private final Engine engine;
    private final WarmFrames.Request request;
    private final ClientStreams streams;
    private final ClientProcesses processes;
    private final RunSignals signals = new RunSignals();
    private final ClientTerminal terminal;
    private final Path executable;
    private Context context;
    private int stoppedBy;
    private boolean finished;

    WarmRun(PythonPack pack, Engine engine, WarmFrames.Request request, ClientStreams streams, ClientInput input, Path executable) {
        this.pack = pack;
        this.engine = engine;
        this.request = request;
        this.streams = streams;
        this.processes = new ClientProcesses(streams);
        this.terminal = new ClientTerminal(streams, input);
        this.executable = executable;
    }

    /** Runs the app and returns its status as {@link Launcher#run} returns statuses. */
    int run() {
        List<String> args = request.arguments();
        String[] argv = new String[args.size() + 1];
        argv[0] = pack.archive().toString();
        for (int i = 0; i < args.size(); i++) {
            argv[i + 1] = args.get(i);
        }
        Context.Builder builder = pack.contextBuilder(engine)
                // Java's emulation keeps the working directory and the standard streams per context;
                // the native backend makes them the server process's (README, "Warm start").
                .option("python.PosixModuleBackend", "java")
                .allowInnerContextOptions(true)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .environment(request.environment())
                .currentWorkingDirectory(Path.of(request.directory()))
                .in(streams.in())
                .out(streams.out())
                .err(streams.err())
                .processHandler(processes)
                .arguments("python", argv);
        if (executable != null) {
            builder.option("python.Executable", executable.toString());
        }
        int status = execute(builder, args);
        synchronized (this) {
            finished = true;
            if (stoppedBy != 0) {
                processes.destroyAll();
                status = -stoppedBy;
            }
        }
        streams.close();
        // GraalPy refuses to close a context while a process it started is alive; a process the
        // app left running goes on, as it would after a cold run, and the context closes after it.
        processes.whenAllEnded(this::close);
        return status;
    }

    private int execute(Context.Builder builder, List<String> args) {
        try {
            synchronized (this) {
                if (stoppedBy != 0) {
                    return -stoppedBy;
                }
                context = builder.build();
            }
            Value runner = pack.installWithMainRunner(context);
            Value warm = pack.runtimeModule(context, RuntimeModule.WARM_RUN);
            warm.getMember("refuse_native_modules").executeVoid();
            warm.getMember("system_as_the_client_would").executeVoid();
            terminal.install(warm);
            new ClientProcess(request.pid()).install(warm);
            signals.install(warm);
            if (!args.isEmpty() && args.get(0).equals(Launcher.PYTHON_SWITCH)) {
                return runner.getMember("run_python").execute(args.subList(1, args.size()).toArray()).asInt();
            }
            return runner.getMember("run_main").execute(pack.mainTarget().orElseThrow()).asInt();
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            if (!e.isCancelled()) {
                streams.reportError("pyjar: error: internal error: " + e.getMessage());
            }
            return 1;
        } catch (IllegalStateException | IllegalArgumentException e) {
            // A context closed by stop() while the importer was being installed, say.
            streams.reportError("pyjar: error: internal error: " + e);
            return 1;
        }
    }

    /** Gives the run a signal the client received; on DEFAULT the caller stops the run ({@link #stop}). */
    RunSignals.Delivery signal(int number) {
        if (number == ClientTerminal.RESIZED) {
            terminal.resized();
        }
        return signals.deliver(number);
    }

    /** How many times a Python signal handler of the run has started: one that does not start after a delivery is stuck. */
    long acknowledgements() {
        return signals.acknowledgements();
    }

    /** Ends the run by force, as signal {@code number} would end a process; its status then says so. Nothing once it has ended. */
    void stop(int number) {
        Context running;
        synchronized (this) {
            if (stoppedBy != 0 || finished) {
                return;
            }
            stoppedBy = number;
            running = context;
        }
        processes.destroyAll();
        if (running != null) {
            close(running);
        }
    }

    private void close() {
        Context done;
        synchronized (this) {
            done = context;
        }
        if (done != null) {
            close(done);
        }
    }

    /** Closes by cancelling: whatever of the app still runs in it (daemon threads) ends as at a process's exit. */
    private static void close(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // Closed already, or being closed by the other side of a race.
        }
    }
}
