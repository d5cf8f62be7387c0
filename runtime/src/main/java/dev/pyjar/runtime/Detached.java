package dev.pyjar.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Starting a process that outlives the run that started it ({@link ArchiveBuild}, {@link WarmServer}):
 * in a session of its own ({@code setsid}) where the system has it, so that a terminal's Ctrl-C
 * or hang-up, which go to the run's session, never reach it.
 */
final class Detached {
    private Detached() {}

    /** {@code setsid}, or nothing where there is none. */
    static List<String> prefix() {
        return onPath("setsid").map(List::of).orElse(List.of());
    }

    static Optional<String> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null || File.separatorChar != '/') {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, program)).filter(Files::isExecutable)
                .map(Path::toString).findFirst();
    }
}
