package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyjar.pack.Blob;
import dev.pyjar.runtime.PythonPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app with packages, subpackages, relative imports, package data, argv and exit codes, built by
 * a real Maven with nothing but the plugin's documented configuration, then run from its jar after
 * its sources are gone.
 */
class BuiltAppTest {
    private static final String LIST = """
            A-100 bolts         250 pcs @ 0.10
            B-200 hinges         12 pcs @ 3.25
            C-300 crowbar         0 pcs @ 24.90
            """;

    @TempDir
    static Path work;

    private static Path jar;
    private static Path secondJar;

    /**
     * The project sets no {@code project.build.outputTimestamp}, as most do not: Maven's archiver
     * then stamps the build date, in the machine's zone and locale, into the jar it makes. (LC_ALL
     * keeps file names in UTF-8: these machines have no other UTF-8 locale installed.)
     */
    @BeforeAll
    static void buildTwiceInDifferentPlacesZonesAndLocales() {
        TestProject first = TestProject.copy("inventory", work.resolve("first place"));
        TestProject second = TestProject.copy("inventory", work.resolve("zweiter-Ort-ü"));
        ProcessRun one = first.mvn(Map.of("TZ", "UTC", "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8"),
                "-Duser.language=tr -Duser.country=TR", List.of("package"));
        assertEquals(0, one.exitStatus(), one.toString());
        ProcessRun two = second.mvn(Map.of("TZ", "Asia/Tokyo", "LANG", "ja_JP.UTF-8", "LC_ALL", "C.UTF-8"),
                "-Duser.language=ja -Duser.country=JP", List.of("package"));
        assertEquals(0, two.exitStatus(), two.toString());
        first.deletePythonSources();
        jar = first.jar("inventory");
        secondJar = second.jar("inventory");
        secondBuilt = readAllBytes(secondJar);
        repository = work.resolve("deployed");
        ProcessRun again = second.mvn("", List.of("deploy", "-DaltDeploymentRepository=local::" + repository.toUri()));
        assertEquals(0, again.exitStatus(), again.toString());
    }

    /** Where the rebuild deploys to. */
    private static Path repository;

    private static byte[] secondBuilt;

    @Test
    void buildsAreByteIdentical() throws IOException {
        assertArrayEquals(Files.readAllBytes(jar), secondBuilt);
    }

    @Test
    void rebuildingWithoutCleanGivesTheSameJar() throws IOException {
        assertArrayEquals(secondBuilt, Files.readAllBytes(secondJar));
        assertTrue(Files.size(secondJar.resolveSibling("original-inventory.jar")) < 100_000, "the original is the project's own small jar");
    }

    private static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void installAndDeployShipTheExecutableJarWithChecksums() throws Exception {
        byte[] built = Files.readAllBytes(secondJar);
        assertArrayEquals(built, Files.readAllBytes(Path.of(System.getProperty("pyjar.localRepository"),
                "org/example/inventory/1.0/inventory-1.0.jar")));
        Path deployed = repository.resolve("org/example/inventory/1.0/inventory-1.0.jar");
        assertArrayEquals(built, Files.readAllBytes(deployed));
        assertEquals(hex(java.security.MessageDigest.getInstance("SHA-1").digest(built)),
                Files.readString(deployed.resolveSibling("inventory-1.0.jar.sha1")).trim());
        assertEquals(hex(java.security.MessageDigest.getInstance("MD5").digest(built)),
                Files.readString(deployed.resolveSibling("inventory-1.0.jar.md5")).trim());
    }

    private static String hex(byte[] digest) {
        return java.util.HexFormat.of().formatHex(digest);
    }

    @Test
    void theOriginalJarIsKeptAndTheProjectsJavaClassesAreIncluded() throws IOException {
        assertTrue(Files.isRegularFile(jar.resolveSibling("original-inventory.jar")));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            assertTrue(zip.getEntry("org/example/InventoryInfo.class") != null);
            assertTrue(zip.getEntry("dev/pyjar/runtime/Launcher.class") != null);
        }
    }

    @Test
    void runsAPackageAsMainWithRelativeImportsAndPackageData() {
        ProcessRun run = ProcessRun.javaJar(jar, work, "list");
        assertEquals(new ProcessRun(0, LIST, ""), run, run.toString());
        ProcessRun total = ProcessRun.javaJar(jar, work, "total");
        assertEquals(new ProcessRun(0, "inventory 2.3.1: 64.00\n", ""), total, total.toString());
    }

    @Test
    void namesOutsideAsciiWorkForModulesDataFilesAndTheJarsPath() {
        assertTrue(secondJar.toString().contains("zweiter-Ort-\u00fc"), secondJar.toString());
        ProcessRun run = ProcessRun.javaJar(secondJar, work, "sizes");
        assertEquals(new ProcessRun(0, "'St\\xfcck' ['klein', 'mittel', 'gro\\xdf'] 'ma\\xdfe.py'\n", ""), run, run.toString());
    }

    @Test
    void modulesLiveInsideTheJar() {
        ProcessRun run = ProcessRun.javaJar(jar, work, "where");
        assertEquals(new ProcessRun(0, "inventory.jar inventory.cli True\n", ""), run, run.toString());
    }

    @Test
    void exitStatusesFollowPython() {
        assertEquals(new ProcessRun(0, "", ""), ProcessRun.javaJar(jar, work, "check", "A-100"));
        assertEquals(new ProcessRun(3, "", ""), ProcessRun.javaJar(jar, work, "check", "C-300"));
        assertEquals(new ProcessRun(1, "", "unknown SKU: Z-9\n"), ProcessRun.javaJar(jar, work, "check", "Z-9"));
        assertEquals(new ProcessRun(0, "", ""), ProcessRun.javaJar(jar, work, "quit"));
        ProcessRun usage = ProcessRun.javaJar(jar, work);
        assertEquals(2, usage.exitStatus(), usage.toString());
        assertTrue(usage.stderr().startsWith("usage: inventory"), usage.toString());
    }

    @Test
    void anUncaughtExceptionPrintsAPythonTracebackWithPackedSourceLines() {
        ProcessRun run = ProcessRun.javaJar(jar, work, "crash");
        assertEquals(1, run.exitStatus(), run.toString());
        assertEquals("", run.stdout());
        String cli = jar + "/inventory/cli.py";
        assertTrue(run.stderr().startsWith("Traceback (most recent call last):\n  File \"" + jar + "/inventory/__main__.py\", line 5,"
                + " in <module>\n    sys.exit(main(sys.argv[1:]))\n"), run.toString());
        assertTrue(run.stderr().contains("  File \"" + cli + "\", line 18, in crash\n"
                + "    raise InventoryError(f\"{len(items)} items checked, none broken: {broken}\")\n"), run.toString());
        assertTrue(run.stderr().endsWith("inventory.errors.InventoryError: 3 items checked, none broken: []\n"), run.toString());
        assertFalse(run.stderr().contains("\tat "), "no Java stack trace:\n" + run);
    }

    @Test
    void aCorruptCodeBlobFallsBackToThePackedSourceWithOneWarning() throws Exception {
        Path damaged = work.resolve("damaged.jar");
        Files.copy(jar, damaged);
        flipCodeByte(damaged, "inventory.cli");
        ProcessRun run = ProcessRun.javaJar(damaged, work, "list");
        assertEquals(new ProcessRun(0, LIST, "pyjar: warning: compiled code of module 'inventory.cli' is corrupt"
                + " (checksum mismatch); compiling its packed source instead\n"), run, run.toString());
    }

    @Test
    void aCorruptCodeBlobWithoutSourceFailsWithAClearMessage() throws Exception {
        TestProject noSource = TestProject.copy("inventory", work.resolve("no-source"));
        ProcessRun build = noSource.mvnPackage("", "-Dpyjar.includeSource=false");
        assertEquals(0, build.exitStatus(), build.toString());
        Path damaged = noSource.jar("inventory");
        flipCodeByte(damaged, "inventory.model.item");
        ProcessRun run = ProcessRun.javaJar(damaged, work, "list");
        assertEquals(1, run.exitStatus(), run.toString());
        assertTrue(run.stderr().startsWith("pyjar: warning: compiled code of module 'inventory.model.item' is corrupt"
                + " (checksum mismatch); and it has no packed source\n"), run.toString());
        assertTrue(run.stderr().endsWith("ImportError: pyjar: module 'inventory.model.item' has no usable compiled code and no"
                + " source in the pack; rebuild " + damaged + " with pyjar for this GraalPy\n"), run.toString());
        assertFalse(run.stderr().contains("\tat "), "no Java stack trace:\n" + run);
    }

    @Test
    void syntaxErrorsFailTheBuildNamingEveryBrokenFile() {
        TestProject broken = TestProject.copy("broken", work.resolve("broken"));
        ProcessRun build = broken.mvnPackage("");
        assertTrue(build.exitStatus() != 0, build.toString());
        assertTrue(build.stdout().contains("2 Python files failed to compile:"), build.toString());
        assertTrue(build.stdout().contains("src/main/python/app/bad_one.py:2:6: SyntaxError: '(' was never closed\n"), build.toString());
        assertTrue(build.stdout().contains("src/main/python/app/bad_two.py:6:13: SyntaxError: '[' was never closed\n"), build.toString());
        assertFalse(Files.exists(broken.jar("broken").resolveSibling("original-broken.jar")));
    }

    private static void flipCodeByte(Path jar, String module) throws Exception {
        PythonPack pack = PythonPack.openJar(jar);
        Blob code = pack.reader().findModule(module).orElseThrow().code().orElseThrow();
        JarDamage.flip(jar, pack.offset() + code.offset() + code.length() / 2, 0x40);
    }
}
