package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.CacheDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Runs the app in a second JVM started with the flags that suit a short, interpreter-bound run,
 * which a jar's manifest cannot set: C1 only with one compiler thread (and, before JDK 25, lower
 * compile thresholds) and the serial collector unless the user names another (on two cores, C2's
 * compiler threads and G1's helpers steal time from the Python interpreter), and a class-data
 * archive of everything GraalPy loads (AppCDS, or on JDK 25 and later the AOT cache), made by the
 * first run and reused by every later one.
 *
 * <p>The archive lives in a cache directory under a name derived from the jar (path, size, time),
 * the JDK and the options the user gives the second JVM (some, such as
 * {@code -XX:+UseCompactObjectHeaders}, make the JVM refuse an archive made without them), so it
 * can never be used with another jar, JDK or set of options; a missing, stale or unwritable
 * archive only costs speed (the JVM checks it too, and silently ignores one that does not match).
 * Concurrent first runs each write their own file and the last rename wins.
 *
 * <p>Off with {@code PYJAR_TUNED_JVM=off} (the app then runs in the JVM {@code java -jar} started,
 * as it is); {@code PYJAR_TUNED_JVM=in-process} runs the app in that JVM too, with the one tuning a
 * running JVM can still take ({@link C1OnlyDirective}), which is also what a run gets when the
 * second JVM cannot be started; {@code PYJAR_TUNED_JVM=print} prints the second JVM's command
 * instead of running it.
 * The cache directory is {@code PYJAR_CACHE_DIR}, else {@code $XDG_CACHE_HOME/pyjar}, else
 * {@code ~/.cache/pyjar}. {@code PYJAR_JAVA_OPTIONS} adds options to the second JVM.
 */
final class TunedJvm {
    /** Set in the second JVM, so that it runs the app instead of starting a third. */
    static final String CHILD_PROPERTY = "pyjar.tunedJvm";
    static final String SWITCH_VARIABLE = "PYJAR_TUNED_JVM";
    static final String OPTIONS_VARIABLE = "PYJAR_JAVA_OPTIONS";
    private static final Pattern COLLECTOR_CHOICE = Pattern.compile("-XX:\\+Use\\w+GC");
    private static final Pattern SHELL_SAFE = Pattern.compile("[\\w@%+=:,./-]+");

    private final Path jar;
    private final Map<String, String> environment;
    private final int feature = Runtime.version().feature();
    /** Read when first needed: the second JVM, which only runs the app, never needs them. */
    private List<String> userOptions;

    TunedJvm(Path jar, Map<String, String> environment) {
        this.jar = jar;
        this.environment = environment;
    }

    /** Whether this JVM should hand the run over to a tuned one. */
    boolean wanted() {
        return inProcessTuningWanted() && !switchSays("in-process");
    }

    /** Whether a run in this JVM should get the tuning a running JVM can still take. */
    boolean inProcessTuningWanted() {
        return inFirstJvm() && !switchSays("off");
    }

    /** Whether the user asked for the second JVM's command rather than a run. */
    boolean printWanted() {
        return inFirstJvm() && switchSays("print");
    }

    private static boolean inFirstJvm() {
        return System.getProperty(CHILD_PROPERTY) == null;
    }

    private boolean switchSays(String value) {
        return value.equalsIgnoreCase(environment.getOrDefault(SWITCH_VARIABLE, ""));
    }

    /**
     * Prints, as one line of shell words, the command a run starts once the archive exists. A
     * container entrypoint or service unit that runs it directly skips the first JVM (about 0.1 s,
     * see benchmarks/README.md); a rebuilt jar or another JDK leaves its archive option stale,
     * which the JVM ignores, so a stale command only costs speed.
     */
    int print(String[] args) {
        Path archive = archiveFile(archive());
        if (archive == null || !Files.isRegularFile(archive)) {
            System.err.println("pyjar: note: this jar has no class-data archive for this JDK yet (a run without "
                    + SWITCH_VARIABLE + "=print makes one); the command runs without it");
        }
        System.out.println(shellWords(command(archiveOptions(archive, null), args)));
        return 0;
    }

    /** The words, each quoted for a POSIX shell where it holds anything but plainly safe characters. */
    static String shellWords(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            boolean plain = !word.isEmpty() && SHELL_SAFE.matcher(word).matches();
            line.append(plain ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /**
     * Runs the app in the tuned JVM, relaying signals to it, and returns its exit status (as
     * {@link SignalRelay#waitFor()} reports it); empty when it could not be started.
     */
    OptionalInt run(String[] args) {
        Archive names = archive();
        Path archive = archiveFile(names);
        Path training = archive != null && !Files.isRegularFile(archive) && writable(archive.getParent())
                ? archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp") : null;
        SignalRelay relay = SignalRelay.install();
        try {
            List<String> options = new ArrayList<>(archiveOptions(archive, training));
            options.addAll(relay.childOptions());
            relay.attach(new ProcessBuilder(command(options, args)).inheritIO().start());
        } catch (IOException | UnsupportedOperationException e) {
            relay.uninstall();
            return OptionalInt.empty();
        }
        int status = relay.waitFor();
        if (training != null) {
            if (feature >= 25) {
                assembleAotCache(training, args);
            }
            keep(training, names);
        }
        return OptionalInt.of(status);
    }

    /**
     * How the tuned JVM uses or makes the archive. On JDK 25 and later the training run only
     * records its configuration; the cache is assembled afterwards, out of the app's sight,
     * because the one-step {@code -XX:AOTCacheOutput} prints its progress on the app's stdout.
     */
    List<String> archiveOptions(Path archive, Path training) {
        if (training != null) {
            // Recording announces itself on stdout with no log tag to turn off: silence the VM's own output for this run.
            return feature >= 25
                    ? List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput",
                            "-XX:AOTMode=record", "-XX:AOTConfiguration=" + aotConfiguration(training))
                    : List.of("-XX:ArchiveClassesAtExit=" + training);
        }
        if (archive != null && Files.isRegularFile(archive)) {
            return List.of((feature >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        }
        return List.of();
    }

    private void assembleAotCache(Path training, String[] args) {
        Path configuration = aotConfiguration(training);
        if (!Files.isRegularFile(configuration)) {
            return;
        }
        List<String> create = command(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                "-XX:AOTCache=" + training), args);
        try {
            waitFor(new ProcessBuilder(create).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            // No cache this time; the next run trains again.
        } finally {
            try {
                Files.deleteIfExists(configuration);
            } catch (IOException ignored) {
                // A stray file in a cache directory harms nobody.
            }
        }
    }

    private static Path aotConfiguration(Path training) {
        return training.resolveSibling(training.getFileName() + ".config");
    }

    List<String> command(List<String> archiveOptions, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        // Measured on 2 cores: one compiler thread and the serial collector leave the interpreter
        // more of the machine (hello 11 % and 20 imported packages 9 % faster on JDK 17). A
        // collector the user chose wins; naming two would stop the JVM.
        command.add("-XX:CICompilerCount=1");
        if (userOptions().stream().noneMatch(option -> COLLECTOR_CHOICE.matcher(option).matches())) {
            command.add("-XX:+UseSerialGC");
        }
        if (feature < 25) {
            // Compiling the interpreter's hot code sooner pays on JDK 17 (hello 5 %, 20 imported
            // packages 6 %, Pygments 8 %); with JDK 25's AOT cache, which brings its own profiles,
            // it made the 20 packages 18 % slower.
            command.add("-XX:CompileThresholdScaling=0.2");
        }
        // A mismatched archive must cost speed, never a line of the app's output.
        command.add("-Xlog:cds*=off");
        if (feature >= 25) {
            command.add("-Xlog:aot*=off");
        }
        command.addAll(archiveOptions);
        command.add("--enable-native-access=ALL-UNNAMED");
        if (feature >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        // Last, so that the user's options override pyjar's.
        command.addAll(userOptions());
        command.add("-D" + CHILD_PROPERTY + "=child");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The options this JVM was started with (say {@code -Xmx2g}), which the user meant for the app,
     * then those of {@code PYJAR_JAVA_OPTIONS}.
     */
    private List<String> userOptions() {
        if (userOptions != null) {
            return userOptions;
        }
        List<String> options = new ArrayList<>();
        for (String argument : ProcessHandle.current().info().arguments().orElse(new String[0])) {
            if (argument.equals("-jar") || !argument.startsWith("-")) {
                break;
            }
            options.add(argument);
        }
        String extra = environment.getOrDefault(OPTIONS_VARIABLE, "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        userOptions = List.copyOf(options);
        return userOptions;
    }

    /**
     * A jar's archive for one build of it, one JDK and one set of user options: the file, named
     * {@code <jar>-<build>-<jvm>.jsa} (or {@code .aot}), and the name prefixes of all of this jar's
     * archives and of this build's.
     */
    private record Archive(Path file, String jarPrefix, String buildPrefix) {}

    private static Path archiveFile(Archive archive) {
        return archive == null ? null : archive.file();
    }

    /** Where this jar's archive for this JDK and these options lives; null when there is no usable cache directory. */
    private Archive archive() {
        Path directory = CacheDirectory.locate(environment);
        if (directory == null) {
            return null;
        }
        try {
            String jarPrefix = digest(jar.toAbsolutePath().toString()) + "-";
            String buildPrefix = jarPrefix + digest(Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()) + "-";
            String jvmKey = digest(System.getProperty("java.home") + "|" + System.getProperty("java.vm.version")
                    + "|" + String.join("\u0000", userOptions()));
            return new Archive(directory.resolve(buildPrefix + jvmKey + (feature >= 25 ? ".aot" : ".jsa")), jarPrefix, buildPrefix);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean writable(Path directory) {
        try {
            Files.createDirectories(directory);
            return Files.isWritable(directory);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Publishes a freshly written archive and removes this jar's archives for other builds of it
     * (on any JDK); its archives for other JDKs or options stay, so that alternating them does not
     * remake archives.
     */
    private static void keep(Path training, Archive archive) {
        if (!Files.isRegularFile(training)) {
            return;
        }
        try {
            try {
                Files.move(training, archive.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(training, archive.file(), StandardCopyOption.REPLACE_EXISTING);
            }
            try (DirectoryStream<Path> siblings = Files.newDirectoryStream(archive.file().getParent(), archive.jarPrefix() + "*")) {
                for (Path sibling : siblings) {
                    String siblingName = sibling.getFileName().toString();
                    if (!siblingName.startsWith(archive.buildPrefix()) && !siblingName.contains(".tmp")) {
                        Files.deleteIfExists(sibling);
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            try {
                Files.deleteIfExists(training);
            } catch (IOException ignored) {
                // Nothing else to do: a stray file in a cache directory harms nobody.
            }
        }
    }

    private static int waitFor(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // The child owns the run; this JVM only relays its status.
            }
        }
    }

    /**
     * 64 bits of two different hashes of the text: enough for a file name that the JVM checks
     * again anyway (an archive for another jar or JDK is ignored, which only costs speed). Not
     * SHA-256: its first use, in this short-lived JVM, set up security providers and VarHandles
     * for about 30 ms.
     */
    private static String digest(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        String hex = Long.toHexString((long) text.hashCode() << 32 | crc.getValue());
        return "0".repeat(16 - hex.length()) + hex;
    }
}
