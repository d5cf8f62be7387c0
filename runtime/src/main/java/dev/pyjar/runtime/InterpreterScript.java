package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.AtomicFiles;
import dev.pyjar.runtime.internal.CacheDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The program {@code sys.executable} names: a two-line shell script in pyjar's cache directory
 * that runs the jar as a Python interpreter ({@code java -jar app.jar --pyjar-python "$@"}), so
 * that {@code subprocess.run([sys.executable, "-m", "app.worker"])}, tools that re-invoke
 * themselves and multiprocessing's spawn start method work. One script per jar and JDK; it is
 * written when missing or different, and costs a run one small read otherwise.
 */
final class InterpreterScript {
    private InterpreterScript() {}

    /**
     * The script for {@code jar}, written if needed; null where it cannot be: no writable cache
     * directory, or none yet (the script never makes one: {@code PYJAR_TUNED_JVM=off} leaves no
     * trace on disk).
     */
    static Path locate(Path jar, Map<String, String> environment) {
        Path directory = CacheDirectory.locate(environment);
        if (directory == null || !Files.isDirectory(directory)) {
            return null;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String content = "#!/bin/sh\nexec " + TunedJvm.shellWords(List.of(java, "-jar", jar.toAbsolutePath().toString(),
                Launcher.PYTHON_SWITCH)) + " \"$@\"\n";
        // Distinct per jar and JDK; a clash of two names only makes them rewrite the file in turn.
        Path script = directory.resolve("python-" + Integer.toHexString(content.hashCode()));
        try {
            if (!Files.isExecutable(script) || !Files.readString(script, StandardCharsets.UTF_8).equals(content)) {
                AtomicFiles.write(script, file -> {
                    Files.writeString(file, content, StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                });
            }
            return script;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
