package dev.pyjar.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A finished child process: its exit status and everything it printed. */
record ProcessRun(int exitStatus, String stdout, String stderr) {

    private static final long TIMEOUT_MINUTES = 10;

    /**
     * Runs {@code java -jar jar args...} with this JVM's java, in {@code directory}; the tuned JVM's
     * class-data archives go to the build directory, not the user's cache.
     */
    static ProcessRun javaJar(Path jar, Path directory, String... args) {
        return javaJar(jar, directory, Map.of("PYJAR_CACHE_DIR", System.getProperty("pyjar.cacheDir")), args);
    }

    static ProcessRun javaJar(Path jar, Path directory, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return run(command, directory, environment);
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static ProcessRun run(List<String> command, Path directory, Map<String, String> environment) {
        return run(command, directory, environment, new byte[0]);
    }

    /** Runs {@code command} with {@code input} on its stdin. */
    static ProcessRun run(List<String> command, Path directory, Map<String, String> environment, byte[] input) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        // An empty value removes the variable: a test may need an environment without it.
        environment.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            return new ProcessRun(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitStatus + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
