package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tuned JVM's archive cache with real jars and real runs: archives that work from any path,
 * made ahead of time or in the background, safely when runs overlap or a build is killed, within
 * the cache's size limit.
 */
class ArchiveCacheTest {
    private static final Path HELLO = Path.of(System.getProperty("pyjar.examples"), "hello/target/hello.jar");
    private static final ProcessRun GREETING = new ProcessRun(0, "Hello, tuned!\n", "");

    @TempDir
    Path work;

    @Test
    void classesComeFromTheArchiveForJarsInDirectoriesWithASpaceOrNonAscii() throws IOException {
        List<Path> javas = new ArrayList<>(List.of(Path.of(ProcessRun.javaCommand())));
        if (Files.isExecutable(TunedJvmTest.jdk25Java())) {
            javas.add(TunedJvmTest.jdk25Java());
        }
        for (String directory : List.of("with space", "ünïcödé")) {
            Path jar = Files.copy(HELLO, Files.createDirectories(work.resolve(directory)).resolve("hello.jar"));
            for (Path java : javas) {
                Path cache = work.resolve("cache");
                Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString());
                ProcessRun prepared = ProcessRun.run(List.of(java.toString(), "-jar", jar.toString(), "--pyjar-prepare"), work, environment);
                assertEquals(0, prepared.exitStatus(), prepared.toString());
                assertTrue(Files.isRegularFile(Path.of(prepared.stdout().strip())), prepared.toString());

                // The printed command is what a run starts; -Xlog:class+load says where each class came from.
                Map<String, String> print = Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_TUNED_JVM", "print");
                String command = ProcessRun.run(List.of(java.toString(), "-jar", jar.toString(), "tuned"), work, print).stdout().strip();
                ProcessRun logged = ProcessRun.run(List.of("sh", "-c", command.replaceFirst(" ", " -Xlog:class+load ")), work, Map.of());
                assertEquals(0, logged.exitStatus(), logged.stderr());
                assertTrue(logged.stdout().lines().anyMatch("Hello, tuned!"::equals), logged.stderr());
                List<String> loads = logged.stdout().lines().filter(line -> line.contains("[class,load]")).toList();
                long shared = loads.stream().filter(line -> line.endsWith("source: shared objects file")).count();
                String where = java + " " + jar + ": " + shared + " of " + loads.size() + " classes from the archive";
                // The JDK 17 defect left out exactly the jar's classes: GraalPy's and pyjar's own.
                assertTrue(loads.stream().anyMatch(line -> line.contains(" com.oracle.graal.python.PythonLanguage source: shared objects file")), where);
                assertTrue(loads.stream().anyMatch(line -> line.contains(" dev.pyjar.runtime.Launcher source: shared objects file")), where);
                assertTrue(shared > loads.size() * 9 / 10, where);
            }
        }
    }

    @Test
    void prepareMakesTheArchiveWithoutRunningTheApp() throws IOException {
        Path cache = work.resolve("cache");
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString());
        ProcessRun prepared = ProcessRun.javaJar(HELLO, work, environment, "--pyjar-prepare");
        assertEquals(0, prepared.exitStatus(), prepared.toString());
        assertEquals(ArchiveWait.archives(cache), List.of(Path.of(prepared.stdout().strip())), prepared.toString());
        assertEquals(List.of(), ArchiveWait.temporaries(cache));
        assertEquals(prepared, ProcessRun.javaJar(HELLO, work, environment, "--pyjar-prepare"));
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
        ArchiveWait.untilSettled(cache);
        assertEquals(1, ArchiveWait.archives(cache).size());
    }

    @Test
    void theCacheStaysWithinItsLimitRemovingTheLeastRecentlyUsedFirst() throws IOException {
        Path cache = work.resolve("cache");
        Path archives = Files.createDirectories(cache.resolve("archives"));
        // Archive-sized stand-ins for other jars' archives (sparse: no disk space needed), used 1 to 4 hours ago.
        List<Path> others = new ArrayList<>();
        for (int hoursAgo = 4; hoursAgo >= 1; hoursAgo--) {
            Path other = archives.resolve("other" + hoursAgo + "-0000000000000000-0000000000000000-0000000000000000.jsa");
            try (RandomAccessFile file = new RandomAccessFile(other.toFile(), "rw")) {
                file.setLength(100L << 20);
            }
            Files.setLastModifiedTime(other, FileTime.fromMillis(System.currentTimeMillis() - hoursAgo * 3_600_000L));
            others.add(other);
        }
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_CACHE_LIMIT", "350m");
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
        // The background step publishes the new archive, then prunes: wait for both.
        List<Path> left = ArchiveWait.until(cache, files -> files.stream().anyMatch(file -> !others.contains(file))
                && totalSize(files) <= 350L << 20);
        // The new archive (about 100 MB) and the most recently used others that fit beside it.
        Path made = left.stream().filter(file -> !others.contains(file)).findFirst().orElseThrow();
        List<Path> kept = left.stream().filter(others::contains).sorted().toList();
        assertEquals(others.subList(others.size() - kept.size(), others.size()).stream().sorted().toList(), kept, left.toString());
        assertTrue(kept.size() >= 1, left.toString());

        ProcessRun listing = ProcessRun.javaJar(HELLO, work, environment, "--pyjar-cache");
        assertEquals(0, listing.exitStatus(), listing.toString());
        assertTrue(listing.stdout().contains(made.getFileName().toString()), listing.stdout());
        ProcessRun cleared = ProcessRun.javaJar(HELLO, work, environment, "--pyjar-cache", "clear");
        assertTrue(cleared.stdout().contains(": 0 files"), cleared.toString());
        assertEquals(List.of(), ArchiveWait.archives(cache));
    }

    @Test
    void concurrentFirstRunsOfTwoJarsEachGetTheirArchive() throws IOException {
        Path cache = work.resolve("cache");
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString());
        Path first = Files.copy(HELLO, work.resolve("first.jar"));
        Path second = Files.copy(HELLO, work.resolve("second.jar"));
        List<CompletableFuture<ProcessRun>> runs = new ArrayList<>();
        for (Path jar : List.of(first, second, first, second)) {
            runs.add(CompletableFuture.supplyAsync(() -> ProcessRun.javaJar(jar, work, environment, "tuned")));
        }
        for (CompletableFuture<ProcessRun> run : runs) {
            assertEquals(GREETING, run.join());
        }
        List<Path> archives = ArchiveWait.forCount(cache, 2);
        assertTrue(archives.get(0).getFileName().toString().startsWith("first-"), archives.toString());
        assertTrue(archives.get(1).getFileName().toString().startsWith("second-"), archives.toString());
    }

    @Test
    void aKilledBackgroundStepLeavesNoArchiveAndTheNextRunMakesOne() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
        Path cache = work.resolve("cache");
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString());
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
        // The run has ended, its output was read to the end: the step runs on, away from the caller's streams, at low priority.
        ProcessHandle step = backgroundStep(cache).orElseThrow(() -> new AssertionError("no background step running"));
        for (String stream : List.of("1", "2")) {
            assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(Path.of("/proc", "" + step.pid(), "fd", stream)));
        }
        String stat = Files.readString(Path.of("/proc", "" + step.pid(), "stat"));
        assertEquals("19", stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16], stat);

        // Half-way: while its JVM dumps the archive.
        while (step.isAlive() && step.descendants().findAny().isEmpty()) {
            ArchiveWait.sleep();
        }
        List<ProcessHandle> dumpers = step.descendants().toList();
        step.destroyForcibly();
        for (ProcessHandle dumper : dumpers) {
            dumper.onExit().join();
        }
        assertEquals(List.of(), ArchiveWait.archives(cache));
        assertFalse(ArchiveWait.temporaries(cache).isEmpty(), "the killed step left nothing to clean up: was it killed too late?");

        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
        ArchiveWait.forOne(cache);
        assertEquals(List.of(), ArchiveWait.temporaries(cache));
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
    }

    private static Optional<ProcessHandle> backgroundStep(Path cache) {
        return ProcessHandle.allProcesses().filter(process -> {
            List<String> arguments = List.of(process.info().arguments().orElse(new String[0]));
            return arguments.contains("-Dpyjar.tunedJvm=archive")
                    && arguments.stream().anyMatch(argument -> argument.startsWith(cache.toString()));
        }).findFirst();
    }

    private static long totalSize(List<Path> files) {
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                // Removed while being counted: it no longer takes room.
            }
        }
        return total;
    }
}
