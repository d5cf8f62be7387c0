package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm start: real clients ({@code java -jar}) against a real server. A run is the same program
 * wherever it runs: each semantic point is checked against the same run made cold
 * ({@code PYJAR_WARM_START=off}), and the server's own count of runs served shows the run was
 * warm. One server serves the semantic tests; the lifecycle tests (start race, rebuilt jar, idle
 * exit, directory permissions) use their own cache directories and jar copies. Every server is
 * stopped at the end, and none may outlive the suite.
 */
class WarmStartTest {
    /** How long a server may take to start: its first context is slow on a loaded machine. */
    private static final long SERVER_START_SECONDS = 240;

    @TempDir
    static Path work;

    private static Path jar;
    private static Path cache;
    private static Path directory;

    @BeforeAll
    static void buildTheJarAndStartItsServer() throws IOException {
        TestProject project = TestProject.copy("warm", work);
        ProcessRun build = project.mvnPackage("");
        assertEquals(0, build.exitStatus(), build.toString());
        jar = project.jar("warm");
        cache = work.resolve("cache");
        directory = Files.createDirectories(work.resolve("app-dir"));
        Files.writeString(directory.resolve("relative.txt"), "relative file\n");
        // The first run runs cold and starts the server in the background.
        ProcessRun first = run(Map.of(), "", "leak");
        assertEquals(0, first.exitStatus(), first.toString());
        waitForServer(cache);
    }

    @AfterAll
    static void stopEveryServer() {
        if (jar == null) {
            return;
        }
        for (Path each : List.of(cache, work.resolve("race-cache"), work.resolve("open-cache"))) {
            if (Files.isDirectory(each)) {
                ProcessRun.javaJar(jar, work, Map.of("PYJAR_CACHE_DIR", each.toString()), "--pyjar-warm-start", "stop");
            }
        }
        assertTrue(waitUntil(() -> servers().isEmpty(), 30), "warm-start servers outlived the tests: " + servers());
    }

    @Test
    void argumentsEnvironmentDirectoryAndStreamsAreTheClients() {
        Map<String, String> environment = Map.of("X", "x é");
        String input = "line one\nbytes \u0000 é end\n";
        ProcessRun cold = run(cold(environment), input, "echo", "a", "b c", "");
        assertEquals(0, cold.exitStatus(), cold.toString());
        assertTrue(cold.stdout().contains("relative relative file"), cold.toString());
        assertWarm(() -> assertEquals(cold, run(environment, input, "echo", "a", "b c", "")));
    }

    @Test
    void nothingLeaksFromOneRunToTheNext() {
        String clean = "module False builtins False env None cwd " + directory + "\n";
        assertWarm(() -> {
            assertEquals(new ProcessRun(0, clean, ""), run(Map.of(), "", "leak"));
            assertEquals(new ProcessRun(0, clean, ""), run(Map.of(), "", "leak"));
        });
    }

    /**
     * Runs one after another, each in the context the server prepared while the one before ran
     * (before its directory, environment and arguments were known), start as cold runs do, and
     * so do the processes they start.
     */
    @Test
    void aRunInAContextPreparedAheadStartsAsAColdRun() throws IOException {
        Path second = Files.createDirectories(directory.resolve("second"));
        Files.writeString(second.resolve("relative.txt"), "second relative file\n");
        for (Path in : List.of(directory, second, directory)) {
            Map<String, String> environment = Map.of("X", "x of " + in.getFileName(), "HOME", in.toString());
            ProcessRun cold = runIn(in, cold(environment), "", "state", "in " + in.getFileName(), "");
            assertEquals(0, cold.exitStatus(), cold.toString());
            assertTrue(cold.stdout().contains("child x of " + in.getFileName() + " " + in + "\n" + in + "\n"), cold.toString());
            assertTrue(cold.stdout().contains("system x of " + in.getFileName() + " " + in + "\n" + in + "\n"), cold.toString());
            int before = preparedAhead();
            assertWarm(() -> assertEquals(cold, runIn(in, environment, "", "state", "in " + in.getFileName(), "")));
            assertTrue(preparedAhead() > before, "the run did not take the context prepared ahead: " + status(cache));
        }
    }

    /**
     * The standard library modules the last runs imported are imported ahead in the next run's
     * context, and out of its sight until it imports them: a run that imports them gets what a
     * cold run gets (modules that read the run's state when imported are left to the run, and the
     * server's log says so); a run that imports none sees none.
     */
    @Test
    void modulesImportedAheadAreTheRunsOnlyOnceItImportsThem() throws IOException {
        Map<String, String> environment = Map.of("PYTHONTZPATH", "/tz/one:/tz/two");
        ProcessRun cold = run(cold(environment), "", "imports", "import");
        assertEquals(0, cold.exitStatus(), cold.toString());
        assertTrue(cold.stdout().contains("logging imported by the run True\noriginal dir " + directory + " tzpath ('/tz/one', '/tz/two')\n"), cold.toString());
        int before = importsAhead();
        for (int i = 0; i < 5; i++) {
            assertWarm(() -> assertEquals(cold, run(environment, "", "imports", "import")));
        }
        assertTrue(importsAhead() > before, "no run found modules imported ahead: " + status(cache));
        ProcessRun none = run(cold(Map.of()), "", "imports");
        assertEquals(new ProcessRun(0, "json before False False\nin sys.modules []\n", ""), none);
        assertWarm(() -> assertEquals(none, run(Map.of(), "", "imports")));
        String log;
        try (Stream<Path> logs = Files.list(cache.resolve("warm")).filter(file -> file.toString().endsWith(".log"))) {
            log = Files.readString(logs.findFirst().orElseThrow());
        }
        assertTrue(log.contains("runs import multiprocessing themselves: _ReadAhead: getcwd"), log);
        assertTrue(log.contains("runs import zoneinfo themselves: _ReadAhead: environment"), log);
    }

    /**
     * Third-party modules (pythonPath) that the last runs imported are imported ahead too, and
     * the run gets them as it gets the standard library's; the app's own modules never are.
     */
    @Test
    void thirdPartyModulesAreImportedAheadAndTheAppsOwnNever() {
        String notAhead = "THIRD-PARTY! imported ahead False\nown imported ahead False\n"
                + "in sys.modules ['warmapp.own', 'warmlib', 'warmlib.helpers']\n";
        assertEquals(new ProcessRun(0, notAhead, ""), run(cold(Map.of()), "", "libraries"));
        ProcessRun warm = countingWarm(() -> run(Map.of(), "", "libraries"));
        // The forecast names what each of the last three runs imported: at most the fourth finds it.
        for (int i = 0; i < 5 && warm.stdout().equals(notAhead); i++) {
            warm = countingWarm(() -> run(Map.of(), "", "libraries"));
        }
        assertEquals(new ProcessRun(0, notAhead.replace("THIRD-PARTY! imported ahead False", "THIRD-PARTY! imported ahead True"), ""),
                warm, status(cache));
    }

    @Test
    void exitStatusesAreTheColdRunsOnes() {
        for (List<String> arguments : List.of(List.of("status", "number", "5"), List.of("status", "message"),
                List.of("status", "uncaught"), List.of("status", "os-exit", "9"))) {
            String[] args = arguments.toArray(String[]::new);
            ProcessRun cold = run(cold(Map.of()), "", args);
            ProcessRun warm = countingWarm(() -> run(Map.of(), "", args));
            assertEquals(cold.exitStatus(), warm.exitStatus(), arguments + "\n" + cold + "\n" + warm);
            assertEquals(cold.stderr().replaceAll("line \\d+", "line N"), warm.stderr().replaceAll("line \\d+", "line N"), arguments.toString());
        }
    }

    @Test
    void subprocessesGetTheRunsDirectoryEnvironmentAndStreams() {
        Map<String, String> environment = Map.of("X", "child's x");
        ProcessRun cold = run(cold(environment), "for the child\n", "children");
        assertEquals(directory + "\nchild's x\nfor the child\ncaptured ['" + directory + "', \"child's\", 'x']\nsystem 3\n", cold.stdout(),
                cold.toString());
        assertWarm(() -> assertEquals(cold, run(environment, "for the child\n", "children")));
    }

    @Test
    void ctrlCRaisesKeyboardInterruptInTheRunAndEndsItBySigint() {
        Signalled warm = countingWarm(() -> signalled(Map.of(), List.of("interrupt"), "INT"));
        assertEquals(130, warm.exitStatus(), warm.toString());
        assertTrue(warm.stdout().startsWith("ready\nKeyboardInterrupt\nfinally\n"), warm.toString());
        assertTrue(warm.stderr().endsWith("KeyboardInterrupt\n"), warm.toString());
        assertFalse(warm.stderr().contains("_pyjar"), warm.toString());
    }

    @Test
    void signalsFollowTheRunsOwnDispositions() {
        Signalled handled = countingWarm(() -> signalled(Map.of(), List.of("interrupt", "handler"), "INT", "TERM"));
        assertEquals(143, handled.exitStatus(), handled.toString());
        assertEquals("ready\nhandler 2\n", handled.stdout(), handled.toString());
        Signalled ignored = signalled(Map.of(), List.of("interrupt", "ignore"), "INT", "TERM");
        assertEquals(new Signalled(143, "ready\n", ""), ignored);
        Signalled terminated = signalled(Map.of(), List.of("interrupt", "term"), "TERM");
        assertEquals(new Signalled(7, "ready\nfinally\n", ""), terminated);
        Signalled hungUp = signalled(Map.of(), List.of("interrupt"), "HUP");
        assertEquals(new Signalled(129, "ready\n", ""), hungUp);
    }

    @Test
    void aClientKilledOutrightHasItsRunAndItsProcessesStopped() throws Exception {
        Process client = client(Map.of(), List.of("busy", "child"));
        BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        assertTrue(waitUntil(() -> !sleepers().isEmpty(), 30), "the run's child never started");
        client.destroyForcibly().waitFor();
        assertTrue(waitUntil(() -> sleepers().isEmpty(), 30), "the run's child outlived its killed client");
        assertTrue(waitUntil(() -> status(cache).contains(" 0 running"), 30), status(cache));
    }

    @Test
    void fourRunsAtOnceStayApart() {
        List<CompletableFuture<ProcessRun>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "run" + i;
            runs.add(CompletableFuture.supplyAsync(() -> run(Map.of("X", name), name + " input\n", "echo", name)));
        }
        assertWarm(() -> {
            for (int i = 0; i < 4; i++) {
                ProcessRun result = runs.get(i).join();
                assertEquals(0, result.exitStatus(), result.toString());
                assertTrue(result.stdout().contains("argv ['echo', 'run" + i + "']\ncwd " + directory + "\nX run" + i + "\n"), result.toString());
                assertTrue(result.stdout().endsWith("run" + i + " input\n"), result.toString());
            }
        });
    }

    /**
     * sqlite3 and XML parsing, which GraalPy implements with native code loadable by one context
     * per process, load in every run of a server that isolates them (patchelf is on the PATH
     * here, as .ci/run installs it), and a relative database name is a file in the run's
     * directory; termios, which would control the server's descriptors, is refused with a reason.
     */
    @Test
    void nativeModulesLoadInEveryRunWhereTheServerIsolatesThem() throws IOException {
        assertTrue(status(cache).contains("native modules isolated"), status(cache));
        Path database = directory.resolve("runs.db");
        ProcessRun cold = run(cold(Map.of()), "", "native", "runs.db");
        String path = "PATH " + System.getenv("PATH") + " True\n";
        assertEquals(new ProcessRun(0, "sqlite3 (1, 7) True\nexpat ['a', 'b', 'c']\n" + path + "termios loaded\n", ""), cold);
        for (int count = 2; count <= 3; count++) {
            String expected = "sqlite3 (" + count + ", " + 7 * count + ") True\nexpat ['a', 'b', 'c']\n" + path
                    + "termios ImportError True\n";
            assertWarm(() -> assertEquals(new ProcessRun(0, expected, ""), run(Map.of(), "", "native", "runs.db")));
        }
        assertTrue(Files.size(database) > 0, "no database in the run's directory");
    }

    /**
     * A jar whose app imports sqlite3 or XML parsing goes warm only when its build lets the server
     * isolate GraalPy's native modules ({@code warmStartNativeIsolation}), and only where the
     * server can: with no patchelf on the PATH, a run is cold and starts no server.
     */
    @Test
    void anAppThatImportsNativeModulesRunsColdUnlessAllowedAndPatchelfIsThere() throws IOException {
        TestProject project = TestProject.copy("warm", work.resolve("isolated"));
        Path pom = project.directory().resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<warmStartNativeIsolation>true</warmStartNativeIsolation>", ""));
        Files.writeString(project.directory().resolve("src/main/python/warmapp/parse.py"), "import xml.etree.ElementTree\n");
        Path isolatedJar = project.jar("warm");
        ProcessRun build = project.mvnPackage("");
        assertEquals(0, build.exitStatus(), build.toString());
        assertTrue(build.stdout().contains("its runs stay cold unless warmStartNativeIsolation is set"), build.stdout());
        assertEquals(List.of(), warmStartEntries(isolatedJar));
        build = project.mvnPackage("", "-Dpyjar.warmStartNativeIsolation=true");
        assertEquals(0, build.exitStatus(), build.toString());
        assertTrue(build.stdout().contains("its runs go warm where patchelf is on the PATH"), build.stdout());
        assertEquals(List.of("META-INF/pyjar/warm-start", "META-INF/pyjar/warm-start-allowed", "META-INF/pyjar/warm-start-isolated"),
                warmStartEntries(isolatedJar));
        Path own = work.resolve("isolated-cache");
        Path noPatchelf = Files.createDirectories(work.resolve("no-patchelf"));
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", own.toString(), "PATH", noPatchelf.toString());
        String clean = "module False builtins False env None cwd " + directory + "\n";
        for (int i = 0; i < 2; i++) {
            assertEquals(new ProcessRun(0, clean, ""), ProcessRun.javaJar(isolatedJar, directory, environment, "leak"));
        }
        try (Stream<Path> files = Files.list(Files.createDirectories(own.resolve("warm")))) {
            assertEquals(List.of(), files.filter(file -> file.toString().endsWith(".log")).toList(), "a server was started");
        }
    }

    @Test
    void eachStreamIsATerminalOrNotAsTheClientsAndTheSizeIsTheTerminals() {
        String app = ProcessRun.javaCommand() + " -jar " + jar + " tty";
        String runs = "stty cols 123 rows 45; " + app + "; " + app + " </dev/null | cat; " + app + " 2>/dev/null </dev/null; " + app
                + " | cat; echo done";
        ProcessRun cold = inTerminal(runs, cold(Map.of()));
        assertTrue(cold.stdout().contains("isatty [True, True, True] [True, True, True] line_buffering True size (123, 45)"
                + " shutil (123, 45)"), cold.toString());
        assertTrue(cold.stdout().contains("isatty [False, False, True] [False, False, True] line_buffering False"
                + " size OSError 25 Inappropriate ioctl for device shutil (80, 24)"), cold.toString());
        int before = served(cache);
        ProcessRun warm = inTerminal(runs, Map.of());
        assertEquals(cold, warm);
        assertEquals(before + 4, served(cache), "not every run was warm: " + warm);
        assertEquals(new ProcessRun(0, "isatty [False, False, False] [False, False, False] line_buffering False"
                + " size OSError 25 Inappropriate ioctl for device shutil (80, 24)\n", ""), run(Map.of(), "", "tty"));
    }

    @Test
    void aResizedTerminalGivesTheRunSigwinchAndItsNewSize() throws IOException {
        Path here = Files.createDirectories(work.resolve("resize"));
        String resize = "stty cols 123 rows 45; " + ProcessRun.javaCommand() + " -jar " + jar + " resize & "
                + "while [ ! -e resize-ready ]; do sleep 0.1; done; stty cols 77 rows 22; wait";
        ProcessRun warm = countingWarm(() -> ProcessRun.run(List.of("script", "-qec", resize, "/dev/null"), here,
                Map.of("PYJAR_CACHE_DIR", cache.toString())));
        assertEquals(new ProcessRun(0, "size (123, 45)\r\nresized [(77, 22)]\r\n", ""), warm);
    }

    @Test
    void ctrlCAtAPromptOnATerminalIsKeyboardInterrupt() {
        // The conformance project's driver: the run on a terminal of its own, typed on.
        List<String> driver = List.of(ConformanceTest.PYTHON,
                TestProject.PROJECTS.resolve("conformance/driver.py").toString(), "terminal,type,ctrl-c", "--",
                ProcessRun.javaCommand(), "-jar", jar.toString(), "prompt");
        ProcessRun cold = ProcessRun.run(driver, directory, Map.of("PYJAR_CACHE_DIR", cache.toString(), "PYJAR_WARM_START", "off"));
        assertTrue(cold.stdout().contains("again? ^CKeyboardInterrupt after 'hello'\n--- stderr\n\n--- status 0\n"), cold.toString());
        assertWarm(() -> assertEquals(cold, ProcessRun.run(driver, directory, Map.of("PYJAR_CACHE_DIR", cache.toString()))));
    }

    @Test
    void osSystemRunsTheShellWithTheRunsStreamsAndGivesAWaitStatus() {
        ProcessRun cold = run(cold(Map.of()), "piped line\n", "system");
        assertEquals(new ProcessRun(0, "sh read piped line\nstatus 768\n", ""), cold);
        assertWarm(() -> assertEquals(cold, run(Map.of(), "piped line\n", "system")));
    }

    /** Runs shell commands in a terminal of their own ({@code script}), the environment added to the test's. */
    private static ProcessRun inTerminal(String commands, Map<String, String> environment) {
        Map<String, String> variables = new HashMap<>(environment);
        variables.put("PYJAR_CACHE_DIR", cache.toString());
        return ProcessRun.run(List.of("script", "-qec", commands, "/dev/null"), directory, variables);
    }

    @Test
    void statusTellsAndStopStopsAndNeitherFails() {
        Path own = work.resolve("open-cache");
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", own.toString());
        ProcessRun none = ProcessRun.javaJar(jar, work, environment, "--pyjar-warm-start", "status");
        assertEquals(0, none.exitStatus(), none.toString());
        assertTrue(none.stdout().startsWith("pyjar: no warm-start server runs for "), none.toString());
        ProcessRun running = ProcessRun.javaJar(jar, work, Map.of("PYJAR_CACHE_DIR", cache.toString()), "--pyjar-warm-start", "status");
        assertEquals(0, running.exitStatus(), running.toString());
        assertTrue(running.stdout().matches("(?s)pyjar: warm-start server for .*: pid \\d+, up \\d+ s, \\d+ runs served, .*resident .*\n"),
                running.toString());
        ProcessRun wrong = ProcessRun.javaJar(jar, work, environment, "--pyjar-warm-start", "restart");
        assertEquals(2, wrong.exitStatus(), wrong.toString());
    }

    @Test
    void aDirectoryOthersCanEnterIsNeverUsed() throws IOException {
        Path own = work.resolve("open-cache");
        Files.createDirectories(own.resolve("warm"));
        Files.setPosixFilePermissions(own.resolve("warm"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", own.toString());
        String clean = "module False builtins False env None cwd " + directory + "\n";
        for (int i = 0; i < 2; i++) {
            assertEquals(new ProcessRun(0, clean, ""), ProcessRun.javaJar(jar, directory, environment, "leak"));
        }
        try (Stream<Path> files = Files.list(own.resolve("warm"))) {
            assertEquals(List.of(), files.toList(), "a server was started in a directory others can enter");
        }
    }

    /**
     * Four first runs at once start one server; a rebuilt jar never talks to the old server,
     * which exits by itself; a server with nothing to do exits after its idle time.
     */
    @Test
    void startRaceRebuildAndIdleTime() throws Exception {
        Path own = work.resolve("race-cache");
        Path copy = work.resolve("copy/warm.jar");
        Files.createDirectories(copy.getParent());
        Files.copy(jar, copy);
        // Long enough for four cold runs at once on a loaded machine; the second server gets a short one.
        Map<String, String> environment = Map.of("PYJAR_CACHE_DIR", own.toString(), "PYJAR_WARM_START_IDLE", "10m");
        String clean = "module False builtins False env None cwd " + directory + "\n";
        List<CompletableFuture<ProcessRun>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racing.add(CompletableFuture.supplyAsync(() -> ProcessRun.javaJar(copy, directory, environment, "leak")));
        }
        racing.forEach(run -> assertEquals(new ProcessRun(0, clean, ""), run.join()));
        waitForServer(own);
        assertTrue(waitUntil(() -> serversOf(own).size() == 1, 60), "servers after a start race: " + serversOf(own));
        ProcessHandle first = serversOf(own).get(0);
        assertEquals(new ProcessRun(0, clean, ""), ProcessRun.javaJar(copy, directory, environment, "leak"));
        assertTrue(status(own, copy).contains(" 1 runs served"), status(own, copy));

        // A rebuild writes a new file and renames it into place.
        Path rebuilt = work.resolve("copy/warm.jar.new");
        Files.copy(jar, rebuilt);
        Files.move(rebuilt, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertTrue(status(own, copy).startsWith("pyjar: no warm-start server runs"), status(own, copy));
        assertTrue(first.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get() != null && !first.isAlive(),
                "the server of the replaced jar is still running");
        Map<String, String> shortIdle = Map.of("PYJAR_CACHE_DIR", own.toString(), "PYJAR_WARM_START_IDLE", "3s");
        // Watched from before the run: the run is the rebuilt jar's first (it makes its class-data
        // archive), and may take longer than the server's start and idle time together.
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> waitUntil(() -> serversOf(own).size() == 1,
                SERVER_START_SECONDS));
        assertEquals(new ProcessRun(0, clean, ""), ProcessRun.javaJar(copy, directory, shortIdle, "leak"));
        assertTrue(started.join(), "no server for the rebuilt jar");
        assertTrue(waitUntil(() -> serversOf(own).isEmpty(), SERVER_START_SECONDS), "the server outlived its idle time: " + serversOf(own));
    }

    // ---- helpers

    private static List<String> warmStartEntries(Path jarFile) throws IOException {
        try (ZipFile zip = new ZipFile(jarFile.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith("META-INF/pyjar/warm-start")).sorted().toList();
        }
    }

    /** The client's own run of the jar in the app's directory with the shared cache, input given. */
    private static ProcessRun run(Map<String, String> environment, String input, String... args) {
        return runIn(directory, environment, input, args);
    }

    private static ProcessRun runIn(Path workingDirectory, Map<String, String> environment, String input, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessRun.javaCommand(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Map<String, String> variables = new HashMap<>(environment);
        variables.putIfAbsent("PYJAR_CACHE_DIR", cache.toString());
        return ProcessRun.run(command, workingDirectory, variables, input.getBytes(StandardCharsets.UTF_8));
    }

    private static Process client(Map<String, String> environment, List<String> args) throws IOException {
        // The signals at their default action, as in a terminal: a build started in the background
        // by a shell passes SIGINT on ignored, and a JVM can never handle a signal it started with ignored.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP", ProcessRun.javaCommand(), "-jar",
                jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put("PYJAR_CACHE_DIR", cache.toString());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Map<String, String> cold(Map<String, String> environment) {
        Map<String, String> cold = new HashMap<>(environment);
        cold.put("PYJAR_WARM_START", "off");
        return cold;
    }

    /** What a run ended with after the signals were sent to its client, one a second once it said "ready". */
    record Signalled(int exitStatus, String stdout, String stderr) {}

    private static Signalled signalled(Map<String, String> environment, List<String> args, String... signals) {
        try {
            Process client = client(environment, args);
            client.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> ProcessRun.read(client.getErrorStream()));
            BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            for (String signal : signals) {
                new ProcessBuilder("kill", "-s", signal, Long.toString(client.pid())).start().waitFor();
                Thread.sleep(1000);
            }
            StringBuilder rest = new StringBuilder(ready + "\n");
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.append(line).append('\n');
            }
            assertTrue(client.waitFor(1, TimeUnit.MINUTES), "the signalled run did not end");
            return new Signalled(client.exitValue(), rest.toString(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code check} and asserts the shared server served every run it made. */
    private static void assertWarm(Runnable check) {
        countingWarm(() -> {
            check.run();
            return null;
        });
    }

    /** What {@code runs} returns, asserting that the shared server served at least one more run meanwhile. */
    private static <T> T countingWarm(java.util.function.Supplier<T> runs) {
        int before = served(cache);
        T result = runs.get();
        int after = served(cache);
        assertTrue(after > before, "no run was warm: served " + before + " before, " + after + " after");
        return result;
    }

    private static int served(Path cacheDirectory) {
        String status = status(cacheDirectory);
        return WarmStatus.served(status).orElseThrow(() -> new AssertionError(status));
    }

    private static int preparedAhead() {
        String status = status(cache);
        return WarmStatus.preparedAhead(status).orElseThrow(() -> new AssertionError(status));
    }

    private static int importsAhead() {
        String status = status(cache);
        return WarmStatus.importsAhead(status).orElseThrow(() -> new AssertionError(status));
    }

    private static String status(Path cacheDirectory) {
        return status(cacheDirectory, jar);
    }

    private static String status(Path cacheDirectory, Path ofJar) {
        return WarmStatus.of(ofJar, work, Map.of("PYJAR_CACHE_DIR", cacheDirectory.toString()));
    }

    private static void waitForServer(Path cacheDirectory) {
        assertTrue(waitUntil(() -> {
            try (Stream<Path> files = Files.list(cacheDirectory.resolve("warm"))) {
                return files.anyMatch(file -> file.toString().endsWith(".sock"));
            } catch (IOException e) {
                return false;
            }
        }, SERVER_START_SECONDS), "no warm-start server came up in " + cacheDirectory);
    }

    /** The warm-start servers of every cache directory of these tests. */
    private static List<ProcessHandle> servers() {
        return ProcessHandle.allProcesses().filter(process -> arguments(process).contains("-Dpyjar.tunedJvm=warm")
                && arguments(process).contains(work.toString())).toList();
    }

    private static List<ProcessHandle> serversOf(Path cacheDirectory) {
        return servers().stream().filter(process -> arguments(process).contains(cacheDirectory.resolve("warm").toString())).toList();
    }

    /** The children that the "busy child" runs start. */
    private static List<ProcessHandle> sleepers() {
        return ProcessHandle.allProcesses().filter(process -> arguments(process).equals("sleep 3017")).toList();
    }

    private static String arguments(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        String command = info.command().map(path -> Path.of(path).getFileName().toString()).orElse("");
        return command + " " + String.join(" ", info.arguments().orElse(new String[0]));
    }

    private static boolean waitUntil(BooleanSupplier condition, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
