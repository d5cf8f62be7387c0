package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples' jars, as built by the reactor, run with java -jar in fresh processes. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("pyjar.examples"));
    private static final Path HELLO = EXAMPLES.resolve("hello/target/hello.jar");
    private static final Path WORDFREQ = EXAMPLES.resolve("wordfreq/target/wordfreq.jar");

    @TempDir
    Path work;

    @Test
    void helloGreetsTheWorld() {
        ProcessRun run = ProcessRun.javaJar(HELLO, work);
        assertEquals(new ProcessRun(0, "Hello, world!\n", ""), run, run.toString());
    }

    @Test
    void helloGreetsItsArguments() {
        ProcessRun run = ProcessRun.javaJar(HELLO, work, "Ada", "Grace");
        assertEquals(new ProcessRun(0, "Hello, Ada and Grace!\n", ""), run, run.toString());
    }

    @Test
    void wordfreqCountsWordsAcrossFilesWithoutStopwords() throws IOException {
        Path one = write("one.txt", "The cat sat on the mat. The cat's hat!\n");
        Path two = write("two.txt", "A hat, a cat, and a bat. Hat: 4.\n");
        ProcessRun run = ProcessRun.javaJar(WORDFREQ, work, "-n", "3", one.toString(), two.toString());
        assertEquals(new ProcessRun(0, "      3 hat\n      2 cat\n      1 bat\n", ""), run, run.toString());
    }

    @Test
    void wordfreqKeepsStopwordsOnRequest() throws IOException {
        Path one = write("one.txt", "the the the cat\n");
        ProcessRun run = ProcessRun.javaJar(WORDFREQ, work, "--keep-stopwords", one.toString());
        assertEquals(new ProcessRun(0, "      3 the\n      1 cat\n", ""), run, run.toString());
    }

    @Test
    void wordfreqExitsWithStatus2OnBadArguments() {
        ProcessRun noFiles = ProcessRun.javaJar(WORDFREQ, work);
        assertEquals(2, noFiles.exitStatus(), noFiles.toString());
        assertEquals("", noFiles.stdout());
        assertTrue(noFiles.stderr().startsWith("usage: wordfreq [-h]"), noFiles.toString());
        assertTrue(noFiles.stderr().endsWith("wordfreq: error: the following arguments are required: FILE\n"), noFiles.toString());

        ProcessRun badTop = ProcessRun.javaJar(WORDFREQ, work, "-n", "0", "x.txt");
        assertEquals(2, badTop.exitStatus(), badTop.toString());
        assertTrue(badTop.stderr().endsWith("wordfreq: error: --top must be at least 1\n"), badTop.toString());
    }

    @Test
    void wordfreqReportsAnUnreadableFileWithStatus1() {
        ProcessRun run = ProcessRun.javaJar(WORDFREQ, work, "missing.txt");
        assertEquals(new ProcessRun(1, "", "wordfreq: cannot read missing.txt: No such file or directory\n"), run, run.toString());
    }

    @Test
    void wordfreqPrintsItsVersion() {
        ProcessRun run = ProcessRun.javaJar(WORDFREQ, work, "--version");
        assertEquals(new ProcessRun(0, "wordfreq 1.0\n", ""), run, run.toString());
    }

    @Test
    void aDamagedPackIsRefusedWithAMessageNotAStackTrace() throws Exception {
        Path damaged = Files.copy(HELLO, work.resolve("damaged.jar"));
        JarDamage.flip(damaged, dev.pyjar.runtime.PythonPack.openJar(damaged).offset() + 20, 0x7f);
        ProcessRun run = ProcessRun.javaJar(damaged, work);
        assertEquals(new ProcessRun(1, "", "pyjar: error: " + damaged + ": pack header is damaged (checksum mismatch at offset 60)\n"), run, run.toString());
    }

    @Test
    void aJarWhosePackWasRecompressedStillRunsAfterOneWarning() throws Exception {
        Path rewritten = Files.copy(HELLO, work.resolve("rewritten.jar"));
        // What a jar-rewriting tool does: the same entry, deflated (zipfs deflates what it writes).
        try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(rewritten)) {
            Path entry = zip.getPath(dev.pyjar.runtime.PythonPack.JAR_ENTRY);
            byte[] pack = Files.readAllBytes(entry);
            Files.delete(entry);
            Files.write(entry, pack);
        }
        ProcessRun run = ProcessRun.javaJar(rewritten, work);
        assertEquals(new ProcessRun(0, "Hello, world!\n", "pyjar: warning: " + rewritten + ": META-INF/pyjar/modules.pack is"
                + " compressed (a tool rewrote the jar), so it is unpacked to a temporary file instead of mapped in place;"
                + " rebuild the jar to start faster\n"), run, run.toString());
    }

    @Test
    void underGraalPysOtherBytecodeInterpreterTheAppRunsFromItsPackedSourcesAfterOneWarning() {
        // Its code objects marshal differently under the same version, cache tag and magic; the
        // pack's compiled code must not reach marshal.loads there, which would end the run.
        List<String> command = List.of(ProcessRun.javaCommand(), "-Dpython.EnableBytecodeDSLInterpreter=true",
                "-jar", WORDFREQ.toString(), "--version");
        ProcessRun run = ProcessRun.run(command, work, Map.of("PYJAR_CACHE_DIR", System.getProperty("pyjar.cacheDir")));
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("wordfreq 1.0\n", run.stdout());
        assertTrue(run.stderr().matches("pyjar: warning: \\S+/wordfreq\\.jar was compiled for GraalPy (\\S+) \\((graalpy\\S+), magic \\w+\\)"
                + " but this is GraalPy \\1 \\(\\2\\+bytecode-dsl, magic \\w+\\); running its packed sources instead of its"
                + " compiled code \\(rebuild the jar to start faster\\)\n"), run.toString());
    }

    @Test
    void aJarWithoutTheBytecodeDslFrozenModulesRefusesThatInterpreterInOneLineInEveryLaunchMode() {
        String refusal = "pyjar: error: this jar cannot run GraalPy's Bytecode DSL interpreter (-Dpython.EnableBytecodeDSLInterpreter=true):"
                + " it leaves out that interpreter's frozen modules; build it with the pyjar plugin's"
                + " <bytecodeDslInterpreter>true</bytecodeDslInterpreter>\n";
        List<String> command = List.of(ProcessRun.javaCommand(), "-Dpython.EnableBytecodeDSLInterpreter=true", "-jar", HELLO.toString());
        for (String mode : new String[] {"", "off"}) {
            ProcessRun run = ProcessRun.run(command, work, Map.of("PYJAR_CACHE_DIR", System.getProperty("pyjar.cacheDir"),
                    "PYJAR_TUNED_JVM", mode));
            assertEquals(new ProcessRun(1, "", refusal), run, mode + ": " + run);
        }
        // The launch script's shortcut, which starts the app's JVM directly: ExecutableJarTest.
    }

    @Test
    void withoutEnsurepipsWheelEnsurepipSaysHowToKeepIt() {
        String message = "this jar leaves out ensurepip's bundled pip; build it with the pyjar plugin's <ensurepip>true</ensurepip> to keep it";
        ProcessRun module = ProcessRun.javaJar(HELLO, work, "--pyjar-python", "-m", "ensurepip", "--user");
        assertEquals(new ProcessRun(1, "", "ensurepip: error: " + message + "\n"), module, module.toString());
        ProcessRun call = ProcessRun.javaJar(HELLO, work, "--pyjar-python", "-c", "import ensurepip; ensurepip.bootstrap(user=True)");
        assertEquals(1, call.exitStatus(), call.toString());
        assertTrue(call.stderr().endsWith("RuntimeError: " + message + "\n"), call.toString());
    }

    @Test
    void aJarBuiltWithEnsurepipHasGraalPysOwn() {
        ProcessRun run = ProcessRun.javaJar(WORDFREQ, work, "--pyjar-python", "-c", "import ensurepip; print(ensurepip.version())");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().matches("\\d+\\.\\d+(\\.\\d+)?\n"), run.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text, StandardCharsets.UTF_8);
    }
}
