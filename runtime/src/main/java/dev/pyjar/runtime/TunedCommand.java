package dev.pyjar.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Command lines of the JVMs pyjar starts on a jar: C1 only with one compiler thread and the serial
 * collector unless the user names another (on two cores, C2's compiler threads and G1's helpers
 * steal time from the Python interpreter), the archive kind's own options, then the user's
 * options, which therefore win.
 */
final class TunedCommand {
    static final String OPTIONS_VARIABLE = "PYJAR_JAVA_OPTIONS";
    /** Names the jar the app runs from when the class path reaches it by another path (see {@link ArchivableJar}). */
    static final String JAR_PROPERTY = "pyjar.jar";
    private static final Pattern COLLECTOR_CHOICE = Pattern.compile("-XX:\\+Use\\w+GC");

    private final Jdk jdk;
    private final List<String> userOptions;

    /**
     * @param firstJvmArguments the arguments the JVM {@code java -jar} started was given; its JVM
     *     options (say {@code -Xmx2g}), which the user meant for the app, pass on to the tuned JVM
     */
    TunedCommand(Jdk jdk, List<String> firstJvmArguments, Map<String, String> environment) {
        this.jdk = jdk;
        List<String> options = new ArrayList<>();
        for (String argument : firstJvmArguments) {
            if (argument.equals("-jar") || !argument.startsWith("-")) {
                break;
            }
            options.add(argument);
        }
        String extra = environment.getOrDefault(OPTIONS_VARIABLE, "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        this.userOptions = List.copyOf(options);
    }

    /** For the JVM {@code java -jar} started: this JDK, and the options and environment it was started with. */
    static TunedCommand forThisJvm(Map<String, String> environment) {
        List<String> arguments = List.of(ProcessHandle.current().info().arguments().orElse(new String[0]));
        return new TunedCommand(Jdk.current(), arguments, environment);
    }

    Jdk jdk() {
        return jdk;
    }

    /** The user's options for the tuned JVM: part of an archive's name, since some make the JVM refuse an archive made without them. */
    List<String> userOptions() {
        return userOptions;
    }

    /**
     * {@code java <tuned options> <roleOptions> <user options> -D<role> -jar <jar> <args>}; the
     * class path reaches the jar by {@code jar.classPath()}, the app sees {@code jar.real()}.
     * {@code roleOptions}: what this JVM's role adds (an archive's options, the warm server's heap).
     */
    List<String> forJar(LaunchMode role, List<String> roleOptions, ArchivableJar jar, List<String> args) {
        List<String> command = jvm(roleOptions);
        command.add("-D" + LaunchMode.ROLE_PROPERTY + "=" + role.role());
        if (!jar.classPath().equals(jar.real())) {
            command.add("-D" + JAR_PROPERTY + "=" + jar.real());
        }
        command.add("-jar");
        command.add(jar.classPath().toString());
        command.addAll(args);
        return command;
    }

    /** {@code java <tuned options> <dumpOptions> <user options> -cp <jar>}: dumps an archive that a run of {@link #forJar} maps. */
    List<String> dump(List<String> dumpOptions, Path classPath) {
        List<String> command = jvm(dumpOptions);
        command.add("-cp");
        command.add(classPath.toString());
        return command;
    }

    private List<String> jvm(List<String> roleOptions) {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.add("-XX:TieredStopAtLevel=1");
        // One compiler thread and the serial collector leave the interpreter more of the machine
        // (benchmarks/README.md). A collector the user chose wins; naming two would stop the JVM.
        command.add("-XX:CICompilerCount=1");
        if (userOptions.stream().noneMatch(option -> COLLECTOR_CHOICE.matcher(option).matches())) {
            command.add("-XX:+UseSerialGC");
        }
        ArchiveKind kind = jdk.archiveKind();
        command.addAll(kind.jitOptions());
        // A mismatched archive must cost speed, never a line of the app's output.
        command.addAll(kind.quietOptions());
        command.addAll(roleOptions);
        command.add("--enable-native-access=ALL-UNNAMED");
        if (jdk.feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        // Last, so that the user's options override pyjar's.
        command.addAll(userOptions);
        return command;
    }
}
