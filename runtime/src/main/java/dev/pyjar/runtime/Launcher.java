package dev.pyjar.runtime;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

/**
 * The {@code Main-Class} of a pyjar jar: maps the pack from the jar it runs from and runs the
 * pack's main like {@code python -m module}, with {@code sys.argv = [jar, *args]}.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        PythonPack pack;
        Path jar;
        try {
            jar = ownJar();
            pack = PythonPack.openJar(jar);
        } catch (PackLoadException e) {
            return fail(e.getMessage());
        }
        String main = pack.mainTarget().orElse(null);
        if (main == null) {
            return fail(jar + " is a library pack: it names no main to run (set <main> in the pyjar plugin's configuration)");
        }
        String[] argv = new String[args.length + 1];
        argv[0] = jar.toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        try (Context context = pack.contextBuilder().arguments("python", argv).build()) {
            return pack.installInto(context).getMember("run_main").execute(main).asInt();
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            return fail("internal error: " + e.getMessage() + "\n" + Arrays.toString(e.getStackTrace()));
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
