package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report example carries Debian's Pygments, Rich, Jinja2 and MarkupSafe through pythonPath:
 * its jar must print and write exactly what CPython prints and writes running the same code from
 * disk, with the same packages.
 */
class ReportExampleTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("pyjar.examples")).resolve("report");
    private static final Path JAR = EXAMPLE.resolve("target/report.jar");
    /** Debian's CPython, which sees Debian's packages in /usr/lib/python3/dist-packages. */
    private static final String CPYTHON = "/usr/bin/python3";

    @TempDir
    Path work;

    @Test
    void printsAndWritesWhatCPythonDoesFromDisk() throws IOException {
        Path input = EXAMPLE.resolve("src/main/python/report/cli.py");
        ProcessRun packed = ProcessRun.javaJar(JAR, work, input.toString(), "--html", "packed.html");
        ProcessRun disk = ProcessRun.run(List.of(CPYTHON, "-m", "report", input.toString(), "--html", work.resolve("disk.html").toString()),
                EXAMPLE.resolve("src/main/python"), Map.of());
        assertEquals(0, disk.exitStatus(), disk.toString());
        assertEquals(disk, packed, packed.toString());
        assertEquals(Files.readString(work.resolve("disk.html")), Files.readString(work.resolve("packed.html")));
    }

    @Test
    void argparseErrorsMatchCPython() {
        ProcessRun packed = ProcessRun.javaJar(JAR, work, "--top");
        ProcessRun disk = ProcessRun.run(List.of(CPYTHON, "-m", "report", "--top"), EXAMPLE.resolve("src/main/python"), Map.of());
        assertEquals(2, disk.exitStatus(), disk.toString());
        assertEquals(disk, packed);
    }

    @Test
    void inspectShowsTheDistributionsWithTheirLicenses() {
        ProcessRun run = ProcessRun.javaJar(JAR, work, "--pyjar-inspect", "rich");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().contains("\ndistributions:\n  rich 13.3.1 (MIT)\n"), run.stdout());
    }

    @Test
    void onlyTheReachableStandardLibraryIsPackedAndInspectListsTheRest() {
        ProcessRun run = ProcessRun.javaJar(JAR, work, "--pyjar-inspect", "*tkinter*");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().contains("\ntotal: 0 modules"), run.stdout());
        ProcessRun zipfile = ProcessRun.javaJar(JAR, work, "--pyjar-inspect", "zipfile*");
        assertTrue(zipfile.stdout().contains("  zipfile._path\n"), "packed: zipfile imports it\n" + zipfile.stdout());
        assertTrue(zipfile.stdout().contains("left out (they import from GraalPy's own files): 1\n  zipfile.__main__\n"),
                zipfile.stdout());
    }

    @Test
    void theJarListsItsDistributions() throws IOException {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            String bom = new String(jar.getInputStream(jar.getEntry("META-INF/pyjar/distributions.tsv")).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(List.of("Jinja2\t3.1.2", "MarkupSafe\t2.1.2", "Pygments\t2.14.0", "rich\t13.3.1"),
                    bom.lines().skip(1).map(line -> line.split("\t")[0] + "\t" + line.split("\t")[1]).toList(), bom);
            assertEquals("rich\t13.3.1\tMIT\t", bom.lines().filter(l -> l.startsWith("rich")).findFirst().orElseThrow());
        }
    }
}
