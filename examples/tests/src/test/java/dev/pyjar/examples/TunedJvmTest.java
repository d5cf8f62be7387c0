package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar} hands the run to a second JVM with a class-data archive; none of it may show. */
class TunedJvmTest {
    private static final Path HELLO = Path.of(System.getProperty("pyjar.examples"), "hello/target/hello.jar");
    private static final Path WORDFREQ = Path.of(System.getProperty("pyjar.examples"), "wordfreq/target/wordfreq.jar");
    private static final ProcessRun GREETING = new ProcessRun(0, "Hello, tuned!\n", "");
    /** What -XX:+PrintCompilation prints for each method the C1-only directive keeps from C2. */
    private static final String C2_EXCLUDED = "### Excluding compile: ";

    @TempDir
    Path work;

    @Test
    void theFirstRunLeavesTheArchiveToABackgroundStepAndLaterRunsUseItUnchanged() throws IOException {
        Path cache = work.resolve("cache");
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString());
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
        Path archive = ArchiveWait.forOne(cache);
        Object made = Files.readAttributes(archive, BasicFileAttributes.class).fileKey();
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
        ArchiveWait.untilSettled(cache);
        assertEquals(List.of(archive), ArchiveWait.archives(cache));
        assertEquals(made, Files.readAttributes(archive, BasicFileAttributes.class).fileKey());
        ProcessRun badArguments = ProcessRun.javaJar(WORDFREQ, work, environment, "--top", "0", "x");
        assertEquals(2, badArguments.exitStatus(), badArguments.toString());
    }

    @Test
    void thePrintedCommandRunsTheAppWithTheArchiveAndNoFirstJvm() throws IOException {
        Path cache = work.resolve("cache");
        Map<String, String> print = Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_TUNED_JVM", "print");
        ProcessRun before = ProcessRun.javaJar(HELLO, work, print, "tuned", "it's");
        assertEquals(0, before.exitStatus(), before.toString());
        assertTrue(before.stderr().contains("no class-data archive"), before.toString());
        assertFalse(before.stdout().contains(cache.toString()), before.toString());
        // The environment says print, yet the printed command runs the app: it is the second JVM, which never hands over.
        assertEquals(new ProcessRun(0, "Hello, tuned and it's!\n", ""),
                ProcessRun.run(List.of("sh", "-c", before.stdout()), work, print));

        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, Map.of("PYJAR_CACHE_DIR", cache.toString()), "tuned"));
        Path archive = ArchiveWait.forOne(cache);
        ProcessRun after = ProcessRun.javaJar(HELLO, work, print, "tuned");
        assertEquals("", after.stderr(), after.toString());
        String command = after.stdout().strip();
        assertTrue(command.contains("=" + archive + " "), command);
        assertTrue(command.endsWith(" -jar " + HELLO.toRealPath() + " tuned"), command);
        assertEquals(GREETING, ProcessRun.run(List.of("sh", "-c", command), work, print));
    }

    @Test
    void aDamagedArchiveOnlyCostsSpeed() throws IOException {
        Path cache = work.resolve("cache");
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString());
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
        Path archive = ArchiveWait.forOne(cache);
        archive.toFile().setWritable(true);
        Files.write(archive, new byte[] {1, 2, 3, 4});
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, environment, "tuned"));
    }

    @Test
    void anUnusableCacheDirectoryOnlyCostsSpeed() throws IOException {
        Path notADirectory = Files.writeString(work.resolve("plain-file"), "x");
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, Map.of("PYJAR_CACHE_DIR", notADirectory.resolve("cache").toString()), "tuned"));
    }

    @Test
    void itCanBeTurnedOff() throws IOException {
        Path cache = work.resolve("cache");
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_TUNED_JVM", "off"), "tuned"));
        assertTrue(Files.notExists(cache));
    }

    @Test
    void inProcessRunsHereWithC2ExcludedAndOffLeavesTheJitAlone() {
        Path cache = work.resolve("cache");
        ProcessRun inProcess = printingCompilations(List.of(), Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_TUNED_JVM", "in-process"));
        assertEquals(0, inProcess.exitStatus(), inProcess.toString());
        assertTrue(inProcess.stdout().contains("Hello, tuned!\n"), inProcess.stderr());
        assertTrue(inProcess.stdout().contains(C2_EXCLUDED), inProcess.stderr());
        assertTrue(Files.notExists(cache));

        ProcessRun off = printingCompilations(List.of(), Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_TUNED_JVM", "off"));
        assertTrue(off.stdout().contains("Hello, tuned!\n"), off.toString());
        assertFalse(off.stdout().contains(C2_EXCLUDED), off.stderr());
    }

    @Test
    void inProcessLeavesAJvmWithoutC1Alone() {
        // Excluding C2 here would leave every method interpreted.
        ProcessRun c2Only = printingCompilations(List.of("-XX:-TieredCompilation"), Map.of("PYJAR_TUNED_JVM", "in-process"));
        assertTrue(c2Only.stdout().contains("Hello, tuned!\n"), c2Only.toString());
        assertFalse(c2Only.stdout().contains(C2_EXCLUDED), c2Only.stderr());
    }

    private ProcessRun printingCompilations(List<String> jvmOptions, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(ProcessRun.javaCommand(), "-XX:+PrintCompilation"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", HELLO.toString(), "tuned"));
        return ProcessRun.run(command, work, environment);
    }

    @Test
    void onJdk25TheAotCacheIsMadeAndUsedSilently() throws IOException {
        Path java25 = jdk25Java();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java25), "no JDK 25 at " + java25);
        Path cache = work.resolve("cache");
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString());
        List<String> command = List.of(java25.toString(), "-jar", HELLO.toString(), "tuned");
        assertEquals(GREETING, ProcessRun.run(command, work, environment));
        assertTrue(ArchiveWait.forOne(cache).toString().endsWith(".aot"));
        assertEquals(GREETING, ProcessRun.run(command, work, environment));
    }

    @Test
    void archivesForOtherJdksStayAndANewBuildRemovesTheOldBuildsArchives() throws IOException {
        Path java25 = jdk25Java();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java25), "no JDK 25 at " + java25);
        Path jar = Files.copy(HELLO, work.resolve("app.jar"));
        Path cache = work.resolve("cache");
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", cache.toString());
        assertEquals(GREETING, ProcessRun.javaJar(jar, work, environment, "tuned"));
        ArchiveWait.forOne(cache);
        assertEquals(GREETING, ProcessRun.run(List.of(java25.toString(), "-jar", jar.toString(), "tuned"), work, environment));
        List<Path> bothJdks = ArchiveWait.forCount(cache, 2);

        // A rebuild: same path, another modification time.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertEquals(GREETING, ProcessRun.javaJar(jar, work, environment, "tuned"));
        ArchiveWait.until(cache, archives -> archives.size() == 1 && !bothJdks.contains(archives.get(0)));
    }

    @Test
    void optionsForTheSecondJvmGetAnArchiveOfTheirOwn() throws IOException {
        // Some options make the JVM refuse an archive made without them (-XX:+UseCompactObjectHeaders
        // on JDK 25), and a refused archive that keeps its name would never be remade.
        Path cache = work.resolve("cache");
        Map<String, String> plain = Map.of("PYJAR_CACHE_DIR", cache.toString());
        Map<String, String> withOptions = Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_JAVA_OPTIONS", "-Xss2m");
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, plain, "tuned"));
        List<Path> before = List.of(ArchiveWait.forOne(cache));
        assertEquals(GREETING, ProcessRun.javaJar(HELLO, work, withOptions, "tuned"));
        List<Path> after = ArchiveWait.forCount(cache, 2);
        assertTrue(after.containsAll(before), after.toString());

        Map<String, String> print = new java.util.HashMap<>(withOptions);
        print.put("PYJAR_TUNED_JVM", "print");
        ProcessRun command = ProcessRun.javaJar(HELLO, work, print, "tuned");
        assertEquals("", command.stderr(), command.toString());
        Path own = after.stream().filter(archive -> !before.contains(archive)).findFirst().orElseThrow();
        assertTrue(command.stdout().contains("=" + own + " "), command.stdout());
        assertTrue(command.stdout().contains(" -Xss2m "), command.stdout());
    }

    static Path jdk25Java() {
        return Path.of(System.getProperty("pyjar.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
    }
}
