package dev.pyjar.runtime;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The {@code Main-Class} of a pyjar jar: hands the run to a {@link TunedJvm} where it can, then,
 * in the JVM that runs the app, maps the pack from the jar and runs the pack's main like
 * {@code python -m module}, with {@code sys.argv = [jar, *args]}.
 *
 * <p>{@code java -jar app.jar --pyjar-inspect [glob]} instead lists what the jar's pack holds;
 * {@code --pyjar-prepare} makes the tuned JVM's class-data archive without running the app;
 * {@code --pyjar-cache [clear]} lists (or removes) the class-data archives of every jar;
 * {@code --pyjar-python [python3's arguments]} runs as a Python interpreter with the pack on its
 * import path (what {@code sys.executable} names, see {@link InterpreterScript});
 * {@code --pyjar-warm-start status|stop} tells about or stops this jar's warm-start server
 * ({@link WarmStart}), which runs the app when the jar asks for it.
 */
public final class Launcher {
    /** As the first argument: list the pack's contents instead of running the app. */
    public static final String INSPECT_SWITCH = "--pyjar-inspect";
    /** As the only argument: make the tuned JVM's class-data archive now instead of running the app. */
    public static final String PREPARE_SWITCH = "--pyjar-prepare";
    /** As the first argument: list the class-data archive cache, or with {@code clear}, empty it. */
    public static final String CACHE_SWITCH = "--pyjar-cache";
    /** As the first argument: run as a Python interpreter (python3's own arguments follow) with the pack on its path. */
    public static final String PYTHON_SWITCH = "--pyjar-python";

    private Launcher() {}

    public static void main(String[] args) {
        int status = run(args);
        if (status < 0) {
            ProcessSignals.terminate(-status);
        }
        System.exit(status);
    }

    /** Runs the jar and returns its exit status, or minus the number of the signal that should end this process. */
    static int run(String[] args) {
        Path jar;
        try {
            jar = ownJar();
        } catch (PackLoadException e) {
            return fail(e.getMessage());
        }
        String refusal = BytecodeDslCheck.refusal();
        if (refusal != null) {
            return fail(refusal);
        }
        Map<String, String> environment = System.getenv();
        LaunchMode mode = LaunchMode.current(environment);
        if (mode == LaunchMode.ARCHIVE_BUILD) {
            return ArchiveBuild.main(args, environment);
        }
        if (mode == LaunchMode.WARM_SERVER) {
            return WarmServer.main(jar, args, environment);
        }
        if (mode == LaunchMode.TRAINING) {
            return runHere(jar, args, environment, Launcher::train);
        }
        if (mode == LaunchMode.TUNED_CHILD) {
            ArchiveCache.markMappedArchiveUsed();
            return runHere(jar, args, environment, Launcher::runMain);
        }
        if (args.length > 0 && args[0].equals(INSPECT_SWITCH)) {
            return inspect(jar, args.length > 1 ? args[1] : null);
        }
        if (args.length > 0 && args[0].equals(CACHE_SWITCH)) {
            return CacheListing.run(ArchiveCache.locate(environment), List.of(args).subList(1, args.length));
        }
        if (args.length == 1 && args[0].equals(PREPARE_SWITCH)) {
            return TunedJvm.forThisJvm(jar, environment).prepare();
        }
        if (args.length > 0 && args[0].equals(WarmStart.SWITCH)) {
            return WarmStart.command(jar, List.of(args).subList(1, args.length), environment);
        }
        if (mode == LaunchMode.PRINT) {
            return TunedJvm.forThisJvm(jar, environment).print(args);
        }
        boolean warm = WarmStart.wanted(jar, args, environment);
        if (warm) {
            OptionalInt status = WarmStart.run(jar, args, environment);
            if (status.isPresent()) {
                return status.getAsInt();
            }
        }
        if (mode == LaunchMode.TUNED) {
            TunedJvm tuned = TunedJvm.forThisJvm(jar, environment);
            OptionalInt status = tuned.run(args);
            if (status.isPresent()) {
                if (!warm) {
                    // The launch script's shortcut would skip this JVM, and with it the warm start.
                    LaunchShortcut.record(jar, environment, tuned);
                }
                return status.getAsInt();
            }
        }
        // In process, or the tuned JVM could not be started: the tuning this JVM can still take.
        if (mode != LaunchMode.OFF) {
            C1OnlyDirective.add();
        }
        return runHere(jar, args, environment, Launcher::runMain);
    }

    /**
     * What a JVM does with the pack's main once the context is ready: it installs the pack's
     * importer itself. {@code relayed} is the first JVM's signal relay, null where there is none.
     */
    private interface MainRunner {
        int run(Context context, PythonPack pack, String main, String[] args, RelayedSignals relayed);
    }

    private static int runMain(Context context, PythonPack pack, String main, String[] args, RelayedSignals relayed) {
        Value runner = pack.installWithMainRunner(context);
        if (relayed != null) {
            runner.getMember("coalesce_relayed_signals").executeVoid((ProxyExecutable) number -> relayed.takeRelayed(number[0].asInt()));
        }
        if (interpreterWanted(args)) {
            return runner.getMember("run_python").execute((Object[]) Arrays.copyOfRange(args, 1, args.length)).asInt();
        }
        return runner.getMember("run_main").execute(main).asInt();
    }

    /**
     * A training run for the class-data archive ({@link TunedJvm#prepare}): everything a run does
     * up to the app's first line, then the main module's code is read from the pack without being
     * run, so that the app has no chance to do anything.
     */
    private static int train(Context context, PythonPack pack, String main, String[] args, RelayedSignals relayed) {
        pack.installInto(context);
        context.getBindings("python").putMember("pyjar_main", main.split("[.:]")[0]);
        context.eval("python", "import importlib.util\n"
                + "spec = importlib.util.find_spec(pyjar_main)\n"
                + "if spec is not None and hasattr(spec.loader, 'get_code'):\n"
                + "    spec.loader.get_code(spec.name)\n");
        return 0;
    }

    private static int runHere(Path jar, String[] args, Map<String, String> environment, MainRunner runner) {
        String relay = System.getProperty(SignalRelay.SOCKET_PROPERTY);
        RelayedSignals relayed = relay == null ? null : RelayedSignals.start(relay);
        PythonPack pack;
        try {
            pack = PythonPack.openJar(jar);
        } catch (PackLoadException e) {
            return fail(e.getMessage());
        }
        String main = pack.mainTarget().orElse(null);
        if (main == null && !interpreterWanted(args)) {
            return fail(jar + " is a library pack: it names no main to run (set <main> in the pyjar plugin's configuration)");
        }
        String[] argv = new String[args.length + 1];
        argv[0] = jar.toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        boolean nativeLibraries = GraalPyResourceCache.warnIfUnusable(environment);
        WholeProcess.takeDefaultSignalActions();
        Context.Builder builder = WholeProcess.configure(pack.contextBuilder(), nativeLibraries).arguments("python", argv);
        Path executable = InterpreterScript.locate(jar, environment);
        if (executable != null) {
            builder.option("python.Executable", executable.toString());
        }
        try (Context context = builder.build()) {
            int status = runner.run(context, pack, main, args, relayed);
            // The app's threads have been joined, but may not have left the context yet; the
            // resource's own close is then a no-op.
            ContextCloser.close(context);
            return status;
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            return fail("internal error: " + e.getMessage());
        }
    }

    /** Whether the arguments ask for a Python interpreter ({@link #PYTHON_SWITCH}) rather than the app's main. */
    static boolean interpreterWanted(String[] args) {
        return args.length > 0 && args[0].equals(PYTHON_SWITCH);
    }

    /** Prints what the jar's pack holds, without starting Python. */
    private static int inspect(Path jar, String filter) {
        try {
            PythonPack.openJar(jar).inventory(filter).forEach(System.out::println);
            return 0;
        } catch (PackLoadException e) {
            return fail(e.getMessage());
        }
    }

    /** The jar this class came from, by the path the app was started with (the tuned JVM may reach it by another, see {@link ArchivableJar}). */
    private static Path ownJar() throws PackLoadException {
        String named = System.getProperty(TunedCommand.JAR_PROPERTY);
        if (named != null) {
            return Path.of(named);
        }
        try {
            return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new PackLoadException("cannot tell which jar is running: " + e);
        }
    }

    private static int fail(String message) {
        System.err.println("pyjar: error: " + message);
        return 1;
    }
}
