package dev.pyjar.runtime;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
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
 * {@code java -jar app.jar --pyjar-python [python3's arguments]} runs as a Python interpreter with
 * the pack on its import path (what {@code sys.executable} names, see {@link InterpreterScript}).
 */
public final class Launcher {
    /** As the first argument: list the pack's contents instead of running the app. */
    public static final String INSPECT_SWITCH = "--pyjar-inspect";
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
        if (args.length > 0 && args[0].equals(INSPECT_SWITCH)) {
            return inspect(jar, args.length > 1 ? args[1] : null);
        }
        TunedJvm tuned = new TunedJvm(jar, System.getenv());
        if (tuned.printWanted()) {
            return tuned.print(args);
        }
        if (tuned.wanted()) {
            OptionalInt status = tuned.run(args);
            if (status.isPresent()) {
                return status.getAsInt();
            }
        }
        if (tuned.inProcessTuningWanted()) {
            C1OnlyDirective.add();
        }
        return runHere(jar, args);
    }

    private static int runHere(Path jar, String[] args) {
        String relay = System.getProperty(SignalRelay.SOCKET_PROPERTY);
        RelayedSignals relayed = relay == null ? null : RelayedSignals.start(relay);
        PythonPack pack;
        try {
            pack = PythonPack.openJar(jar);
        } catch (PackLoadException e) {
            return fail(e.getMessage());
        }
        boolean interpreter = args.length > 0 && args[0].equals(PYTHON_SWITCH);
        String main = pack.mainTarget().orElse(null);
        if (main == null && !interpreter) {
            return fail(jar + " is a library pack: it names no main to run (set <main> in the pyjar plugin's configuration)");
        }
        String[] argv = new String[args.length + 1];
        argv[0] = jar.toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        GraalPyResourceCache.warnIfUnusable(System.getenv());
        WholeProcess.takeDefaultSignalActions();
        Context.Builder builder = WholeProcess.configure(pack.contextBuilder()).arguments("python", argv);
        Path executable = InterpreterScript.locate(jar, System.getenv());
        if (executable != null) {
            builder.option("python.Executable", executable.toString());
        }
        try (Context context = builder.build()) {
            Value runner = pack.installWithMainRunner(context);
            if (relayed != null) {
                runner.getMember("coalesce_relayed_signals").executeVoid((ProxyExecutable) number -> relayed.takeRelayed(number[0].asInt()));
            }
            int status = interpreter
                    ? runner.getMember("run_python").execute((Object[]) Arrays.copyOfRange(args, 1, args.length)).asInt()
                    : runner.getMember("run_main").execute(main).asInt();
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

    /** Prints what the jar's pack holds, without starting Python. */
    private static int inspect(Path jar, String filter) {
        try {
            PythonPack.openJar(jar).inventory(filter).forEach(System.out::println);
            return 0;
        } catch (PackLoadException e) {
            return fail(e.getMessage());
        }
    }

    private static Path ownJar() throws PackLoadException {
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
