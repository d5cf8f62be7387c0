package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pyjar.runtime.PythonPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hello example's jar run as a program, {@code ./hello.jar}, through the launch script in
 * front of it, from a path with a space and a quote; and read by the zip tools people use.
 */
class ExecutableJarTest {
    private static final Path HELLO = Path.of(System.getProperty("pyjar.examples"), "hello/target/hello.jar");
    private static final String JAVA_HOME = System.getProperty("java.home");
    private static final String GREETING = "Hello, Ada and Grace!\n";

    @TempDir
    static Path work;

    private static Path jar;

    @BeforeAll
    static void copyTheJarToAPathWithASpaceAndAQuote() throws IOException {
        jar = Files.createDirectories(work.resolve("my apps")).resolve("it's hello.jar");
        assertTrue(Files.isExecutable(HELLO), "the build made the jar executable");
        Files.copy(HELLO, jar, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static Map<String, String> environment(Path cache, String... more) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("JAVA_HOME", JAVA_HOME, "PYJAR_CACHE_DIR", cache.toString()));
        for (int i = 0; i < more.length; i += 2) {
            environment.put(more[i], more[i + 1]);
        }
        return environment;
    }

    @Test
    void runsAsAProgramFromItsOwnDirectoryAndUnderDashAndBash() {
        Path cache = work.resolve("cache-shells");
        ProcessRun direct = ProcessRun.run(List.of("./" + jar.getFileName(), "Ada", "Grace"), jar.getParent(), environment(cache));
        assertEquals(new ProcessRun(0, GREETING, ""), direct, direct.toString());
        for (String shell : List.of("/bin/dash", "/bin/bash")) {
            if (Files.isExecutable(Path.of(shell))) {
                ProcessRun run = ProcessRun.run(List.of(shell, jar.toString(), "Ada", "Grace"), work, environment(cache));
                assertEquals(new ProcessRun(0, GREETING, ""), run, shell + ": " + run);
            }
        }
    }

    @Test
    void findsJavaOnThePathWithoutJavaHome() {
        ProcessRun run = ProcessRun.run(List.of(jar.toString(), "Ada", "Grace"), work, environment(work.resolve("cache-path"),
                "JAVA_HOME", "", "PATH", JAVA_HOME + "/bin:/usr/bin:/bin"));
        assertEquals(new ProcessRun(0, GREETING, ""), run, run.toString());
    }

    @Test
    void withoutJavaItSaysWhereItLookedInOneLine() {
        ProcessRun run = ProcessRun.run(List.of("/bin/sh", jar.toString()), work, environment(work.resolve("cache-none"),
                "JAVA_HOME", "", "PATH", work.resolve("nowhere").toString()));
        assertEquals(127, run.exitStatus(), run.toString());
        assertEquals("it's hello.jar: no Java found: neither JAVA_HOME is set nor java on PATH; install a JDK 17 or later\n",
                run.stderr(), run.toString());
    }

    @Test
    void aJavaOlderThan17IsRefusedInOneLine() throws IOException {
        for (String version : List.of("11.0.2", "1.8.0_392")) {
            Path home = work.resolve("jdk-" + version);
            Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
            Files.writeString(java, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"" + version
                    + "\" 2019-01-15' >&2; exit 0; fi\necho this old java ran\n");
            java.toFile().setExecutable(true);
            // Told by the release file, and, without one, by java -version.
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"" + version + "\"\n");
            for (boolean release : List.of(true, false)) {
                if (!release) {
                    Files.delete(home.resolve("release"));
                }
                ProcessRun run = ProcessRun.run(List.of(jar.toString()), work, environment(work.resolve("cache-old"),
                        "JAVA_HOME", home.toString()));
                assertEquals(new ProcessRun(1, "", "it's hello.jar: " + java + " is Java " + version + ", but this app needs Java 17"
                        + " or later: set JAVA_HOME to a newer JDK, or put one first on PATH\n"), run, run.toString());
            }
        }
    }

    @Test
    void onceTheArchiveExistsTheScriptStartsTheTunedJvmItself() throws IOException {
        Path cache = work.resolve("cache-shortcut");
        // A run leaves the archive to a background step; --pyjar-prepare makes it at once.
        ProcessRun prepare = ProcessRun.run(List.of(ProcessRun.javaCommand(), "-jar", jar.toString(), "--pyjar-prepare"), work,
                environment(cache));
        assertEquals(0, prepare.exitStatus(), prepare.toString());
        ProcessRun first = ProcessRun.run(List.of(jar.toString(), "Ada", "Grace"), work, environment(cache));
        assertEquals(new ProcessRun(0, GREETING, ""), first, first.toString());
        Path shortcut;
        try (Stream<Path> files = Files.list(cache)) {
            shortcut = files.filter(f -> f.getFileName().toString().startsWith("launch-")).findFirst().orElseThrow();
        }
        String command = Files.readString(shortcut);
        // The tuned JVM's command as PYJAR_TUNED_JVM=print gives it, run while its archive is there.
        assertTrue(command.startsWith("if [ -f ") && command.endsWith(" \"$@\"; fi\n"), command);
        ProcessRun printed = ProcessRun.javaJar(jar, work, Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_TUNED_JVM", "print"));
        assertTrue(command.contains(" then exec " + printed.stdout().strip() + " \"$@\"; fi"), command + "\n" + printed);
        // A run through the shortcut marks its archive as used, or the cache's pruning could take it first.
        List<Path> archives = ArchiveWait.archives(cache);
        assertEquals(1, archives.size(), archives.toString());
        Path archive = archives.get(0);
        assertTrue(command.contains(archive.toString()), command);
        FileTime longAgo = FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(archive, longAgo);
        ProcessRun shortcutRun = ProcessRun.run(List.of(jar.toString(), "Ada", "Grace"), work, environment(cache));
        assertEquals(new ProcessRun(0, GREETING, ""), shortcutRun, shortcutRun.toString());
        assertTrue(Files.getLastModifiedTime(archive).compareTo(longAgo) > 0, "the shortcut's run left its archive unmarked");
        // The JVM the shortcut starts refuses what the jar cannot run, as the first JVM does.
        ProcessRun dsl = ProcessRun.run(List.of(jar.toString()), work, environment(cache,
                "JDK_JAVA_OPTIONS", "-Dpython.EnableBytecodeDSLInterpreter=true"));
        assertEquals(1, dsl.exitStatus(), dsl.toString());
        assertTrue(dsl.stderr().endsWith("build it with the pyjar plugin's <bytecodeDslInterpreter>true</bytecodeDslInterpreter>\n"),
                dsl.toString());

        // The script takes the shortcut while it is newer than the jar, and not when told to tune otherwise.
        Files.writeString(shortcut, "echo shortcut taken; exit 0\n");
        assertEquals(new ProcessRun(0, "shortcut taken\n", ""), ProcessRun.run(List.of(jar.toString()), work, environment(cache)));
        ProcessRun off = ProcessRun.run(List.of(jar.toString(), "Ada", "Grace"), work, environment(cache, "PYJAR_TUNED_JVM", "off"));
        assertEquals(new ProcessRun(0, GREETING, ""), off, off.toString());
        Files.setLastModifiedTime(shortcut, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        ProcessRun rebuilt = ProcessRun.run(List.of(jar.toString(), "Ada", "Grace"), work, environment(cache));
        assertEquals(new ProcessRun(0, GREETING, ""), rebuilt, rebuilt.toString());
        assertEquals(command, Files.readString(shortcut), "the long way wrote the shortcut anew");

        ProcessRun cleared = ProcessRun.javaJar(jar, work, Map.of("PYJAR_CACHE_DIR", cache.toString()), "--pyjar-cache", "clear");
        assertEquals(0, cleared.exitStatus(), cleared.toString());
        assertFalse(Files.exists(shortcut), "clearing the cache removes the shortcut with its archive");
    }

    @Test
    void zipToolsAndTheRuntimeReadTheFileWithTheScriptInFront() throws Exception {
        assertTrue(Files.readString(jar, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("#!/bin/sh\n"));
        assertEquals(0, PythonPack.openJar(jar).offset() % 4096, "the pack stays aligned in the file");
        ProcessRun jarTool = ProcessRun.run(List.of(JAVA_HOME + "/bin/jar", "tf", jar.toString()), work, Map.of());
        assertEquals(0, jarTool.exitStatus(), jarTool.stderr());
        assertTrue(jarTool.stdout().contains("\nMETA-INF/pyjar/modules.pack\n"), "jar tf lists the pack");
        int entries;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            entries = zip.size();
        }
        assertEquals(entries, jarTool.stdout().lines().count());
        if (onPath("unzip")) {
            ProcessRun listing = ProcessRun.run(List.of("unzip", "-l", jar.toString()), work, Map.of());
            assertEquals(0, listing.exitStatus(), "unzip warns of nothing: " + listing.stderr());
            assertTrue(listing.stdout().contains(" META-INF/pyjar/modules.pack\n"));
            assertTrue(listing.stdout().trim().endsWith(entries + " files"), listing.stdout().lines().reduce((a, b) -> b).orElse(""));
        }
        assumeTrue(onPath("python3"), "no python3 to try its zipfile with");
        ProcessRun python = ProcessRun.run(List.of("python3", "-c", "import sys, zipfile\n"
                + "z = zipfile.ZipFile(sys.argv[1])\n"
                + "print(len(z.namelist()), z.testzip(), z.getinfo('META-INF/pyjar/modules.pack').header_offset)", jar.toString()),
                work, Map.of());
        assertEquals(0, python.exitStatus(), python.toString());
        String[] words = python.stdout().trim().split(" ");
        assertEquals(String.valueOf(entries), words[0]);
        assertEquals("None", words[1], "every entry's CRC checks out");
        assertTrue(Long.parseLong(words[2]) >= 4096, "offsets count the script in front");
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
