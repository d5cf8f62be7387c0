package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.CacheDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Runs the app in a second JVM started with the flags that suit a short, interpreter-bound run,
 * which a jar's manifest cannot set ({@link TunedCommand}), and with a class-data archive of
 * everything the app's runs load ({@link ArchiveKind}), kept in the {@link ArchiveCache}.
 *
 * <p>No run waits for an archive: a run that finds none runs without it, recording the classes it
 * loads, and leaves the archive to a background step ({@link ArchiveBuild}); later runs map it.
 * {@code --pyjar-prepare} makes it ahead of time, from a training run that starts GraalPy and the
 * pack but not the app. A missing, stale or unwritable archive only costs speed: the JVM checks it
 * too, and silently ignores one that does not match.
 */
final class TunedJvm {
    private static final Pattern SHELL_SAFE = Pattern.compile("[\\w@%+=:,./-]+");
    /** Makes a run record the classes it loads, for the archive. */
    static final String RECORD_OPTION = "-XX:DumpLoadedClassList=";

    private final Path jar;
    private final TunedCommand command;
    private final ArchiveCache cache;

    TunedJvm(Path jar, TunedCommand command, ArchiveCache cache) {
        this.jar = jar;
        this.command = command;
        this.cache = cache;
    }

    /** For the JVM {@code java -jar} started: this JDK, and the options and environment it was started with. */
    static TunedJvm forThisJvm(Path jar, Map<String, String> environment) {
        return new TunedJvm(jar, TunedCommand.forThisJvm(environment), ArchiveCache.locate(environment));
    }

    /** Runs the app in the tuned JVM and returns its exit status as {@link TunedChild#run} does; empty when it could not be started. */
    OptionalInt run(String[] args) {
        ArchivableJar route = route();
        ArchiveCache.Entry entry = entry(route);
        Path recording = null;
        List<String> archiveOptions = List.of();
        if (entry != null && Files.isRegularFile(entry.archive())) {
            archiveOptions = kind().useOptions(entry.archive());
        } else if (entry != null && cache.writable()) {
            recording = entry.classList();
            archiveOptions = recordOptions(recording);
        }
        OptionalInt status = TunedChild.run(command.forJar(LaunchMode.TUNED_CHILD, archiveOptions, route, List.of(args)));
        if (recording != null && !(status.isPresent() && nonEmpty(recording)
                && ArchiveBuild.startInBackground(command, entry, recording, route))) {
            ArchiveCache.delete(recording);
        }
        return status;
    }

    /**
     * Prints, as one line of shell words, the command a run starts once the archive exists. A
     * container entrypoint or service unit that runs it directly skips the first JVM (see
     * benchmarks/README.md); a rebuilt jar or another JDK leaves its archive option stale, which
     * the JVM ignores, so a stale command only costs speed.
     */
    int print(String[] args) {
        ArchivableJar route = route();
        ArchiveCache.Entry entry = entry(route);
        List<String> archiveOptions = List.of();
        if (entry != null && Files.isRegularFile(entry.archive())) {
            archiveOptions = kind().useOptions(entry.archive());
        } else {
            System.err.println("pyjar: note: this jar has no class-data archive for this JDK yet (a run, or "
                    + Launcher.PREPARE_SWITCH + ", makes one); the command runs without it");
        }
        System.out.println(shellWords(command.forJar(LaunchMode.TUNED_CHILD, archiveOptions, route, List.of(args))));
        return 0;
    }

    /** A run's command with this jar's archive (without the app's arguments), and that archive. */
    record ArchivedCommand(Path archive, List<String> command) {}

    /** The command of a run once this jar has its archive, as {@link #print} gives it; empty while it has none. */
    Optional<ArchivedCommand> archivedCommand() {
        ArchivableJar route = route();
        ArchiveCache.Entry entry = entry(route);
        if (entry == null || !Files.isRegularFile(entry.archive())) {
            return Optional.empty();
        }
        return Optional.of(new ArchivedCommand(entry.archive(),
                command.forJar(LaunchMode.TUNED_CHILD, kind().useOptions(entry.archive()), route, List.of())));
    }

    /**
     * Makes the archive now, without running the app: a tuned JVM starts GraalPy and the pack the
     * way a run does ({@link LaunchMode#TRAINING}) while recording the classes it loads, then the
     * archive is dumped from them. Classes only the app's own code needs are not in it; they load
     * from the jar as they would without an archive.
     */
    int prepare() {
        ArchivableJar route = route();
        ArchiveCache.Entry entry = entry(route);
        if (entry == null || !cache.writable()) {
            System.err.println("pyjar: error: no writable cache directory for the class-data archive (set "
                    + CacheDirectory.VARIABLE + ")");
            return 1;
        }
        if (!Files.isRegularFile(entry.archive())) {
            Path recording = entry.classList();
            List<String> training = command.forJar(LaunchMode.TRAINING, recordOptions(recording), route, List.of());
            int status;
            try {
                status = new ProcessBuilder(training).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
            } catch (IOException | InterruptedException e) {
                status = -1;
            }
            if (status != 0 || !ArchiveBuild.build(cache, entry, recording, route.classPath(), command)) {
                ArchiveCache.delete(recording);
                System.err.println("pyjar: error: could not make the class-data archive " + entry.archive());
                return 1;
            }
        }
        System.out.println(entry.archive());
        return 0;
    }

    private ArchiveKind kind() {
        return command.jdk().archiveKind();
    }

    private static List<String> recordOptions(Path classList) {
        return List.of(RECORD_OPTION + classList);
    }

    private ArchivableJar route() {
        return ArchivableJar.of(jar, kind(), cache);
    }

    /** Where this jar's archive for this JDK and these options lives; null when there is no usable cache directory. */
    private ArchiveCache.Entry entry(ArchivableJar route) {
        if (cache == null) {
            return null;
        }
        try {
            return cache.entry(route.real(), command.jdk(), command.userOptions());
        } catch (IOException e) {
            return null;
        }
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

    private static boolean nonEmpty(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
