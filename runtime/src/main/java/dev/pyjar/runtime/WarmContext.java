package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.RuntimeModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Value;

/**
 * The context of one warm run, made ready before the run is known: built and initialised on the
 * thread that will run the app (GraalPy makes it the context's main thread, where signal
 * handlers run), with the pack's importer, pyjar's main runner and warm-run module, and the
 * run's signal dispositions ({@link RunSignals}) installed. Nothing of it depends on the run:
 * its standard streams and process handler pass on to whichever client binds them
 * ({@link DeferredStreams}, {@link ClientProcesses}), and the run's working directory,
 * environment and arguments are set in Python when it starts ({@link #begin}), so that the app
 * sees them as a cold run would. One context serves one run, and is then closed.
 */
final class WarmContext {
    private final Context context;
    private final Value runner;
    private final Value warm;
    private final Value ahead;
    private final DeferredStreams streams;
    private final ClientProcesses processes;
    private final RunSignals signals;
    private boolean importedAhead;

    private WarmContext(Context context, Value runner, Value warm, Value ahead, DeferredStreams streams, ClientProcesses processes,
                        RunSignals signals) {
        this.context = context;
        this.runner = runner;
        this.warm = warm;
        this.ahead = ahead;
        this.streams = streams;
        this.processes = processes;
        this.signals = signals;
    }

    /**
     * Builds and initialises a context on this thread, without GraalPy's one flag for a terminal
     * ({@code python.TerminalIsInteractive}, fixed when a context is built): each run sets up its
     * client's terminals itself ({@link ClientTerminal}).
     */
    static WarmContext prepare(PythonPack pack, Engine engine, Path executable, NativeModuleIsolation isolation) {
        DeferredStreams streams = new DeferredStreams();
        ClientProcesses processes = new ClientProcesses(streams);
        Context.Builder builder = pack.contextBuilder(engine)
                // Java's emulation keeps the working directory and the standard streams per context;
                // the native backend makes them the server process's (README, "Warm start").
                .option("python.PosixModuleBackend", "java")
                .allowInnerContextOptions(true)
                // The run's environment is set when it starts; the server's is nobody's business.
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .in(streams.in())
                .out(streams.out())
                .err(streams.err())
                .processHandler(processes);
        if (executable != null) {
            builder.option("python.Executable", executable.toString());
        }
        isolation.configure(builder);
        Context context = builder.build();
        try {
            Value runner = pack.installWithMainRunner(context);
            // A cold run's context has what the context has now; what the warm set-up imports
            // is kept out of the run's sight, until it imports it itself.
            Value ahead = pack.runtimeModule(context, RuntimeModule.IMPORT_AHEAD);
            ahead.getMember("begin").executeVoid();
            Value warm = pack.runtimeModule(context, RuntimeModule.WARM_RUN);
            warm.getMember("native_modules").executeVoid(isolation.refused().toArray());
            warm.getMember("system_as_the_client_would").executeVoid();
            RunSignals signals = new RunSignals();
            signals.install(warm);
            ahead.getMember("end").executeVoid();
            return new WarmContext(context, runner, warm, ahead, streams, processes, signals);
        } catch (RuntimeException e) {
            cancel(context);
            throw e;
        }
    }

    /**
     * Makes the context the run's, on its main thread, before the app: the client's standard
     * streams, then in Python its working directory, environment and {@code sys.argv}. Whatever
     * else a run sets up in Python before its app starts belongs here too.
     */
    void begin(ClientStreams client, String directory, Map<String, String> environment, List<String> argv) {
        streams.bind(client);
        StringBuilder variables = new StringBuilder();
        environment.forEach((name, value) -> variables.append(name).append('=').append(value).append('\0'));
        Object[] arguments = new Object[argv.size() + 2];
        arguments[0] = directory;
        arguments[1] = variables.toString();
        for (int i = 0; i < argv.size(); i++) {
            arguments[i + 2] = argv.get(i);
        }
        warm.getMember("begin_run").executeVoid(arguments);
    }

    /** One more step of the run's set-up in Python, after {@link #begin}: {@code step} is given the warm-run module. */
    void setUp(Consumer<Value> step) {
        step.accept(warm);
    }

    /** Runs the pack's main (or, for {@code --pyjar-python}, Python itself) as {@link Launcher#run} does; its status. */
    int runMain(PythonPack pack, List<String> args) {
        int status;
        if (!args.isEmpty() && args.get(0).equals(Launcher.PYTHON_SWITCH)) {
            status = runner.getMember("run_python").execute(args.subList(1, args.size()).toArray()).asInt();
        } else {
            status = runner.getMember("run_main").execute(pack.mainTarget().orElseThrow()).asInt();
        }
        warm.getMember("run_exit_handlers").executeVoid();
        return status;
    }

    /**
     * Imports {@code modules} ahead, out of the app's sight until it imports them
     * ({@code _pyjar_ahead.import_ahead}); the ones whose import must be left to the run, each
     * with why.
     */
    Map<String, String> importAhead(List<String> modules) {
        Map<String, String> refused = new LinkedHashMap<>();
        for (String each : strings(ahead.getMember("import_ahead").execute(modules.toArray()))) {
            int nul = each.indexOf('\0');
            refused.put(each.substring(0, nul), each.substring(nul + 1));
        }
        importedAhead = !modules.isEmpty();
        return refused;
    }

    /** Whether modules were imported ahead in this context. */
    boolean importedAhead() {
        return importedAhead;
    }

    /**
     * The modules of the standard library and of {@code installedPackages} (third-party code)
     * the run imported, in the order their imports finished: never the app's own.
     */
    List<String> modulesImported(List<String> installedPackages) {
        return strings(warm.getMember("modules_imported").execute(installedPackages.toArray()));
    }

    private static List<String> strings(Value list) {
        List<String> strings = new ArrayList<>();
        for (long i = 0; i < list.getArraySize(); i++) {
            strings.add(list.getArrayElement(i).asString());
        }
        return strings;
    }

    /** Closes a context no run has used. */
    void discard() {
        cancel();
    }

    RunSignals signals() {
        return signals;
    }

    ClientProcesses processes() {
        return processes;
    }

    /** Closes the context once every process its run started has ended: GraalPy refuses to close one while any is alive. */
    void closeAfterProcesses() {
        processes.whenAllEnded(this::cancel);
    }

    /** Kills the run's processes and cancels the context: whatever of the app runs in it ends as at a process's exit. */
    void stop() {
        processes.destroyAll();
        cancel();
    }

    private void cancel() {
        cancel(context);
    }

    private static void cancel(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // Closed already, or being closed by the other side of a race.
        }
    }
}
