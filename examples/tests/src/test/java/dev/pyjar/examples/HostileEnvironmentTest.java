package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hello example where nothing can be written: home directory and {@code java.io.tmpdir} lie
 * below a plain file, which no user, root included, can create directories in.
 */
class HostileEnvironmentTest {
    private static final Path HELLO = Path.of(System.getProperty("pyjar.examples")).resolve("hello/target/hello.jar");
    private static final Map<String, String> NO_CACHE_SETTINGS = Map.of("XDG_CACHE_HOME", "", "PYJAR_CACHE_DIR", "");

    @TempDir
    Path work;

    @Test
    void withAReadOnlyHomeAndTmpdirTheAppRunsAfterOneWarning() throws IOException {
        Path readOnly = Files.writeString(work.resolve("read-only"), "not a directory");
        ProcessRun run = ProcessRun.run(javaJar(readOnly.resolve("home"), readOnly.resolve("tmp")), work, NO_CACHE_SETTINGS);
        assertEquals(new ProcessRun(0, "Hello, read-only!\n", "pyjar: warning: GraalPy cannot unpack its own files to "
                + readOnly.resolve("home/.cache/org.graalvm.polyglot") + " (not writable): native access, C extension modules and"
                + " standard library modules left out of the pack are unavailable; set XDG_CACHE_HOME or"
                + " -Dpolyglot.engine.userResourceCache to a writable directory\n"), run);
    }

    @Test
    void xdgCacheHomeGivesPyjarAndGraalPyAWritablePlace() throws IOException {
        Path readOnly = Files.writeString(work.resolve("read-only"), "not a directory");
        Path cache = work.resolve("writable cache");
        ProcessRun run = ProcessRun.run(javaJar(readOnly.resolve("home"), readOnly.resolve("tmp")), work,
                Map.of("XDG_CACHE_HOME", cache.toString(), "PYJAR_CACHE_DIR", ""));
        assertEquals(new ProcessRun(0, "Hello, read-only!\n", ""), run);
        assertEquals(List.of("org.graalvm.polyglot", "pyjar"), list(cache));
        // The run left its class list to the background archive step, which must be done before the directory goes.
        ArchiveWait.untilSettled(cache.resolve("pyjar"));
    }

    private static List<String> javaJar(Path home, Path tmpdir) {
        return List.of(ProcessRun.javaCommand(), "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmpdir, "-jar", HELLO.toString(), "read-only");
    }

    private static List<String> list(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
