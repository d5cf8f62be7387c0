package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Lets the launch script in front of an executable jar start the tuned JVM itself, without the
 * first JVM in between. The script names a file ({@code PYJAR_LAUNCH_SHORTCUT}) for its jar
 * ({@code PYJAR_LAUNCH_JAR}); once the jar has its class-data archive, this writes the tuned
 * JVM's command there as a line of {@code sh}, which later runs of the script execute while the
 * file is newer than the jar and the java binary, and the archive is there. Anything stale in it
 * only costs speed, as with {@code PYJAR_TUNED_JVM=print}'s command.
 */
final class LaunchShortcut {
    static final String FILE_VARIABLE = "PYJAR_LAUNCH_SHORTCUT";
    static final String JAR_VARIABLE = "PYJAR_LAUNCH_JAR";

    private LaunchShortcut() {}

    /** Whether {@code file} is a shortcut the launch script named: {@code launch-<key>.sh} in the cache directory. */
    static boolean isShortcut(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("launch-") && name.endsWith(".sh");
    }

    /**
     * Writes the shortcut when the script asked for one for this very jar: the variables are
     * inherited, and another pyjar app that the app starts must not write its command in this
     * app's file.
     */
    static void record(Path jar, Map<String, String> environment, TunedJvm tuned) {
        String file = environment.getOrDefault(FILE_VARIABLE, "");
        String scriptJar = environment.getOrDefault(JAR_VARIABLE, "");
        if (file.isEmpty() || scriptJar.isEmpty()) {
            return;
        }
        try {
            if (!Files.isSameFile(jar, Path.of(scriptJar))) {
                return;
            }
            TunedJvm.ArchivedCommand command = tuned.archivedCommand().orElse(null);
            if (command == null) {
                return;
            }
            // Without its archive the command would run slowly for good: the script takes the long way, which makes one.
            String line = "if [ -f " + TunedJvm.shellWords(List.of(command.archive().toString())) + " ]; then exec "
                    + TunedJvm.shellWords(command.command()) + " \"$@\"; fi\n";
            AtomicFiles.write(Path.of(file), partial -> Files.writeString(partial, line, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // Without a shortcut the script goes through the first JVM, which only costs speed.
        }
    }
}
