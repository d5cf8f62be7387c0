package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.AtomicFiles;
import dev.pyjar.runtime.internal.CacheDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The program {@code sys.executable} names: a two-line shell script in pyjar's cache directory
 * that runs the jar as a Python interpreter ({@code java ... -jar app.jar --pyjar-python "$@"}),
 * so that {@code subprocess.run([sys.executable, "-m", "app.worker"])}, tools that re-invoke
 * themselves and multiprocessing's spawn start method work. One script per jar, JDK and JVM
 * options; it is written when missing or different, and costs a run one small read otherwise.
 *
 * <p>The script starts the JVM that runs Python itself, with the options of the JVM that runs the
 * app (the tuned JVM's flags and class-data archive, the user's options): a first JVM in between
 * would start it through {@link ProcessBuilder}, which closes every file descriptor but 0-2, and
 * multiprocessing hands its workers theirs by number ({@code pass_fds}).
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
        String content = "#!/bin/sh\nexec " + TunedJvm.shellWords(command(jar)) + " \"$@\"\n";
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

    /**
     * This JVM's command up to its jar, as a JVM that runs here ({@link LaunchMode#TUNED_CHILD}),
     * then {@link Launcher#PYTHON_SWITCH}; without what only this run may use: the first JVM's
     * signal relay and the class list a first run records for the archive.
     */
    private static List<String> command(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> arguments = List.of(ProcessHandle.current().info().arguments().orElse(new String[0]));
        int jarOption = arguments.indexOf("-jar");
        String classPath = jar.toAbsolutePath().toString();
        if (jarOption >= 0 && jarOption + 1 < arguments.size()) {
            // Absolute: the interpreter may be started from another directory.
            classPath = Path.of(arguments.get(jarOption + 1)).toAbsolutePath().toString();
            for (String option : arguments.subList(0, jarOption)) {
                if (!option.startsWith("-D" + SignalRelay.SOCKET_PROPERTY + "=") && !option.startsWith("-D" + LaunchMode.ROLE_PROPERTY + "=")
                        && !option.startsWith(TunedJvm.RECORD_OPTION)) {
                    command.add(option);
                }
            }
        }
        command.add("-D" + LaunchMode.ROLE_PROPERTY + "=" + LaunchMode.TUNED_CHILD.role());
        command.addAll(List.of("-jar", classPath, Launcher.PYTHON_SWITCH));
        return command;
    }
}
