package dev.pyjar.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns the class list a run recorded into the jar's archive: under the cache's build lock, a
 * JVM dumps the archive to a temporary file, which is renamed into place only when the dump
 * succeeded; then the cache is pruned. Killed at any point, it leaves no archive, only temporary
 * files that the next build removes.
 *
 * <p>After a first run it runs in the background ({@link #startInBackground}): a JVM of its own,
 * at the lowest priority ({@code nice}) and in a session of its own ({@code setsid}) where the
 * system has them, its input, output and error away from the caller's (a shell or test reading
 * the app's output to its end never waits for it), so the run that recorded the list ends as soon
 * as the app does.
 */
final class ArchiveBuild {
    private ArchiveBuild() {}

    /** Starts the build of {@code entry}'s archive from {@code classList} in a detached, low-priority JVM; false if it could not be started. */
    static boolean startInBackground(TunedCommand tuned, ArchiveCache.Entry entry, Path classList, ArchivableJar jar) {
        List<String> command = new ArrayList<>(lowPriorityDetached());
        command.addAll(List.of(tuned.jdk().java().toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-D" + LaunchMode.ROLE_PROPERTY + "=" + LaunchMode.ARCHIVE_BUILD.role(), "-jar", jar.real().toString(),
                entry.archive().toString(), entry.jarPrefix(), entry.buildPrefix(), classList.toString(), jar.classPath().toString()));
        command.addAll(tuned.userOptions());
        try {
            Process builder = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            builder.getOutputStream().close();
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** What a JVM started by {@link #startInBackground} runs; its status only says whether an archive was made. */
    static int main(String[] args, Map<String, String> environment) {
        if (args.length < 5) {
            return 2;
        }
        ArchiveCache cache = ArchiveCache.locate(environment);
        if (cache == null) {
            return 1;
        }
        ArchiveCache.Entry entry = new ArchiveCache.Entry(Path.of(args[0]), args[1], args[2]);
        List<String> userOptions = Arrays.asList(args).subList(5, args.length);
        TunedCommand tuned = new TunedCommand(Jdk.current(), userOptions, Map.of());
        return build(cache, entry, Path.of(args[3]), Path.of(args[4]), tuned) ? 0 : 1;
    }

    /**
     * Makes {@code entry}'s archive from {@code classList} unless it exists already, waiting for
     * any other build in the same cache to finish first; the class list is removed either way.
     * True when the archive exists afterwards.
     */
    static boolean build(ArchiveCache cache, ArchiveCache.Entry entry, Path classList, Path classPath, TunedCommand tuned) {
        Path partial = ArchiveCache.temporarySibling(entry.archive());
        try (FileChannel lock = cache.lockForBuilding()) {
            if (Files.isRegularFile(entry.archive())) {
                return true;
            }
            // Without its jar the JVM would dump an archive of the JDK's classes alone.
            if (!Files.isRegularFile(classList) || !Files.isRegularFile(classPath)) {
                return false;
            }
            List<String> dump = tuned.dump(tuned.jdk().archiveKind().dumpOptions(classList, partial), classPath);
            Process dumper = new ProcessBuilder(dump)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            dumper.getOutputStream().close();
            if (dumper.waitFor() != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                return false;
            }
            cache.publish(partial, entry.archive());
            cache.prune(entry);
            return true;
        } catch (IOException | InterruptedException | UnsupportedOperationException | SecurityException e) {
            return Files.isRegularFile(entry.archive());
        } finally {
            ArchiveCache.delete(partial);
            ArchiveCache.delete(classList);
        }
    }

    /** {@code setsid nice -n 19}, or as much of it as this system has. */
    private static List<String> lowPriorityDetached() {
        List<String> prefix = new ArrayList<>(Detached.prefix());
        Detached.onPath("nice").ifPresent(nice -> prefix.addAll(List.of(nice, "-n", "19")));
        return prefix;
    }
}
