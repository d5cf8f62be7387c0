package dev.pyjar.runtime;

import dev.pyjar.pack.PackProperties;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Warm start: a run of a jar built with {@code warmStart} (or run with
 * {@value #VARIABLE}{@code =on}) goes to a background JVM that keeps GraalPy ready
 * ({@link WarmServer}), through a small client in the JVM {@code java -jar} started
 * ({@link WarmClient}). Without a usable server, a run is an ordinary cold run: the first one
 * starts the server in the background and runs cold, and nothing is printed either way.
 *
 * <p>Runs stay cold where a server could not run them as the same program: off Linux (the
 * server opens the client's standard streams through {@code /proc}), for packs with native
 * extension modules or that control the terminal (termios), for packs that import the standard
 * library's native modules where the server could not isolate them (no {@code patchelf}), and
 * for library packs.
 */
final class WarmStart {
    static final String VARIABLE = "PYJAR_WARM_START";
    /** {@code --pyjar-warm-start status|stop}. */
    static final String SWITCH = "--pyjar-warm-start";

    private WarmStart() {}

    /** A run that is {@link #wanted} warm: its status, when a warm server ran it; empty for a cold run. */
    static OptionalInt run(Path jar, String[] args, Map<String, String> environment) {
        TunedCommand command = TunedCommand.forThisJvm(environment);
        WarmAddress address = WarmAddress.of(jar, command, environment);
        if (address == null) {
            return OptionalInt.empty();
        }
        SocketChannel channel = address.connect();
        if (channel == null) {
            if (address.secure() && !address.serverAlive()) {
                WarmServer.startDetached(jar, address, command, environment);
            }
            return OptionalInt.empty();
        }
        return WarmClient.run(channel, List.of(args), environment);
    }

    private static boolean hasEntry(String name) {
        return WarmStart.class.getClassLoader().getResource(name) != null;
    }

    /**
     * Whether this run should go to a warm server: {@value #VARIABLE} says, else the jar, by the
     * entry the plugin adds when it asked for warm starts and found nothing in the pack that
     * keeps them cold (read through the class loader, which has the jar open: a cold run of a
     * jar that never asked pays no more than that lookup). {@code on} goes warm where the plugin
     * found nothing that keeps runs cold, which another entry says. Either way, an app that
     * imports GraalPy's native modules goes warm only where its server can isolate them
     * ({@link NativeModuleIsolation}).
     */
    static boolean wanted(Path jar, String[] args, Map<String, String> environment) {
        String choice = environment.getOrDefault(VARIABLE, "").toLowerCase(Locale.ROOT);
        if (choice.equals("off") || !Files.isDirectory(Path.of("/proc/self/fd"))) {
            return false;
        }
        if (hasEntry(choice.equals("on") ? PackProperties.WARM_START_ALLOWED_JAR_ENTRY : PackProperties.WARM_START_JAR_ENTRY)) {
            return !hasEntry(PackProperties.WARM_START_ISOLATED_JAR_ENTRY) || NativeModuleIsolation.available();
        }
        if (!choice.equals("on")) {
            return false;
        }
        // A jar without a main (which runs as an interpreter only), or one the plugin found a
        // reason in to keep cold: its pack says which.
        try {
            PythonPack pack = PythonPack.openJar(jar);
            Map<String, String> properties = pack.reader().properties();
            return !PackProperties.keepsRunsCold(properties)
                    && (!PackProperties.needsNativeIsolation(properties) || NativeModuleIsolation.available())
                    && (pack.mainTarget().isPresent() || Launcher.interpreterWanted(args));
        } catch (PackLoadException | RuntimeException e) {
            return false;
        }
    }

    /** {@code --pyjar-warm-start status|stop}: says what runs, or stops it; exits 0 either way, 2 for a wrong argument. */
    static int command(Path jar, List<String> args, Map<String, String> environment) {
        String what = args.isEmpty() ? "status" : args.get(0);
        if (args.size() > 1 || !(what.equals(WarmFrames.STATUS) || what.equals(WarmFrames.STOP))) {
            System.err.println("pyjar: usage: java -jar " + jar.getFileName() + " " + SWITCH + " status|stop");
            return 2;
        }
        WarmAddress address = WarmAddress.of(jar, TunedCommand.forThisJvm(environment), environment);
        SocketChannel channel = address == null ? null : address.connect();
        String answer = channel == null ? null : WarmClient.ask(channel, what);
        System.out.println(answer != null ? answer : "pyjar: no warm-start server runs for " + jar
                + " (on this JDK, with these JVM options)");
        return 0;
    }
}
