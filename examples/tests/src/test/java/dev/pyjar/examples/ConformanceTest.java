package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A packed app behaves like the same program under CPython at the process boundary. Each case of
 * the conformance project (src/test/projects/conformance) runs under Debian's python3 from its
 * sources and from its jar in the launch modes the case names (every mode for the core signal
 * and exit cases, which differ most between them), each in a session of its own driven by
 * driver.py (signals to the process group or to the launcher, a check that no process of the app
 * outlives it); the transcripts must be equal line for line. One jar serves every case.
 */
class ConformanceTest {
    static final String PYTHON = System.getProperty("pyjar.python3", "/usr/bin/python3");
    /** The launch modes: the default second JVM ("tuned"), and PYJAR_TUNED_JVM's in-process and off. */
    private static final List<String> MODES = List.of("tuned", "in-process", "off");
    /** A run in the jar's warm-start server, started for the first such case and stopped after the last. */
    private static final String WARM = "warm";
    private static boolean serverStarted;

    @TempDir
    static Path work;

    private static TestProject project;
    private static final Map<String, String> CPYTHON = new ConcurrentHashMap<>();

    @BeforeAll
    static void buildTheJar() {
        project = TestProject.copy("conformance", work);
        ProcessRun build = project.mvnPackage("");
        assertEquals(0, build.exitStatus(), build.toString());
    }

    static Stream<Arguments> signals() {
        // The default mode relays signals from the first JVM; the others run the app in the JVM
        // that receives them, with the same Python-side handling: they get the core cases.
        return Stream.concat(inModes("signals", List.of("tuned"),
                        "interrupt", "int-launcher",
                        "caught", "int-group,pause",
                        "handlers", "int-group,term-group,hup-group,usr1-group",
                        "ignored", "int-group,term-launcher,say",
                        "default", "hup-group",
                        "raised", ""),
                inModes("signals", MODES,
                        "interrupt", "int-group",
                        "handlers", "int-launcher,term-launcher,hup-launcher,usr1-launcher",
                        "default", "term-launcher",
                        "orphan", "kill-launcher"));
    }

    static Stream<Arguments> exits() {
        return Stream.concat(inModes("exits", List.of("tuned"),
                        "exit-number", "",
                        "exit-none", "",
                        "os-exit", "",
                        "thread-system-exit", "",
                        "thread-error", "",
                        "uncaught", "",
                        "nested-traceback", "",
                        "import-error", ""),
                inModes("exits", MODES, "exit-message", "", "atexit-error", "", "broken-pipe", "head"));
    }

    static Stream<Arguments> posix() {
        return inModes("posix", List.of("tuned", "off"), "identity", "", "users", "", "limits", "", "children", "", "compression", "",
                "sessions", "");
    }

    /**
     * Every worker a JVM of its own, started through sys.executable (GraalPy's multiprocessing
     * defaults to spawn with the native POSIX backend): pools, queues, managers and executors
     * with the default start method and with spawn named in the default mode; one worker in the
     * other modes, whose workers start as the default mode's do (each costs a JVM, untuned in off).
     */
    static Stream<Arguments> processes() {
        return Stream.concat(inModes("processes", List.of("tuned"), "default", "", "spawn", ""),
                inModes("processes", List.of("in-process", "off"), "one", ""));
    }

    /** Every form of the command line in the default mode; one child in off, whose children are untuned JVMs too. */
    static Stream<Arguments> interpreter() {
        return Stream.concat(inModes("interpreter", List.of("tuned"), "forms", ""), inModes("interpreter", List.of("off"), "one", ""));
    }

    static Stream<Arguments> terminal() {
        return inModes("terminal", List.of("tuned", "off"), "streams", "");
    }

    /**
     * A warm run (PYJAR_WARM_START=on: the jar's server runs it) is the same program: the
     * signals a client relays, the ones the program sends itself, every way to exit, and the
     * keyboard.
     */
    static Stream<Arguments> warm() {
        return Stream.of(inModes("signals", List.of(WARM),
                        "interrupt", "int-group",
                        "interrupt", "int-launcher",
                        "caught", "int-group,pause",
                        "ignored", "int-group,term-launcher,say",
                        "default", "term-launcher",
                        "default", "hup-group",
                        "orphan", "kill-launcher",
                        "handlers", "int-launcher,term-launcher,hup-launcher,usr1-launcher",
                        "handlers", "int-group,term-group,hup-group,usr1-group",
                        "raised", ""),
                inModes("exits", List.of(WARM),
                        "exit-number", "",
                        "exit-message", "",
                        "exit-none", "",
                        "os-exit", "",
                        "uncaught", "",
                        "atexit-error", "",
                        "thread-system-exit", "",
                        "thread-error", "",
                        "broken-pipe", "head"),
                inModes("terminal", List.of(WARM), "prompt", "terminal,type,ctrl-d,ctrl-c,ctrl-c")).flatMap(cases -> cases);
    }

    /** A user at the keyboard of the terminal the program runs on: typing, Ctrl-D and Ctrl-C at input() prompts. */
    static Stream<Arguments> keyboard() {
        return inModes("terminal", MODES, "prompt", "terminal,type,ctrl-d,ctrl-c,ctrl-c");
    }

    /** Into pipes (the driver's), and on a pseudo-terminal that `script` gives the program. */
    @ParameterizedTest(name = "{1} {2} [{3}]")
    @MethodSource
    void terminal(String area, String name, String steps, String mode) {
        assertSameAsCPython(area, name, steps, mode);
        Map<String, String> clean = Map.of("PYTHONUNBUFFERED", "", "PYTHONIOENCODING", "");
        ProcessRun cpython = ProcessRun.run(List.of("script", "-qec", PYTHON + " -m conform " + area + " " + name, "/dev/null"),
                project.directory().resolve("src/main/python"), clean);
        ProcessRun packed = ProcessRun.run(List.of("script", "-qec", shellWords(ProcessRun.javaCommand(), "-jar",
                project.jar("conformance").toString(), area, name), "/dev/null"), work, Map.of("PYJAR_CACHE_DIR",
                System.getProperty("pyjar.cacheDir"), "PYJAR_TUNED_JVM", mode.equals("tuned") ? "" : mode, "PYTHONUNBUFFERED", "",
                "PYTHONIOENCODING", ""));
        assertTrue(cpython.stdout().contains("isatty 0 1 2: [True, True, True]"), cpython.toString());
        assertEquals(cpython, packed);
    }

    /** Each case of signals, exits, posix, interpreter, processes, keyboard and warm: the transcripts are equal. */
    @ParameterizedTest(name = "{0} {1} {2} [{3}]")
    @MethodSource({"signals", "exits", "posix", "interpreter", "processes", "keyboard", "warm"})
    void behavesAsUnderCPython(String area, String name, String steps, String mode) {
        assertSameAsCPython(area, name, steps, mode);
    }

    /**
     * What GraalPy lacks (CPython has all of it, so there is nothing to compare): each fails as an
     * ordinary Python exception that names what is missing, and the app goes on.
     */
    @Test
    void missingFeaturesFailAsPythonExceptions() {
        ProcessRun run = ProcessRun.javaJar(project.jar("conformance"), work, "posix", "missing");
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals(List.of("import grp raises ModuleNotFoundError: No module named 'grp'",
                "import curses raises ModuleNotFoundError: No module named '_curses'",
                "fcntl.flock None",
                "fcntl.fcntl raises AttributeError: module 'fcntl' has no attribute 'fcntl'",
                "os.ttyname raises AttributeError: module 'os' has no attribute 'ttyname'",
                "os.tcgetpgrp raises AttributeError: module 'os' has no attribute 'tcgetpgrp'"), run.stdout().lines().toList(),
                run.toString());
        assertEquals("", run.stderr(), run.toString());
    }

    private static String shellWords(String... words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            line.append(line.length() == 0 ? "" : " ").append("'").append(word.replace("'", "'\\''")).append("'");
        }
        return line.toString();
    }

    private static Stream<Arguments> inModes(String area, List<String> modes, String... casesAndSteps) {
        List<Arguments> arguments = new ArrayList<>();
        for (int i = 0; i < casesAndSteps.length; i += 2) {
            for (String mode : modes) {
                arguments.add(Arguments.of(area, casesAndSteps[i], casesAndSteps[i + 1], mode));
            }
        }
        return arguments.stream();
    }

    private static void assertSameAsCPython(String area, String name, String steps, String mode) {
        String expected = CPYTHON.computeIfAbsent(area + " " + name + " " + steps, key -> drive(steps,
                project.directory().resolve("src/main/python"), Map.of(), PYTHON, "-m", "conform", area, name));
        int served = mode.equals(WARM) ? warmRunsServed() : 0;
        String actual = drive(steps, work, Map.of("PYJAR_CACHE_DIR", System.getProperty("pyjar.cacheDir"),
                        "PYJAR_TUNED_JVM", mode.equals("tuned") || mode.equals(WARM) ? "" : mode,
                        "PYJAR_WARM_START", mode.equals(WARM) ? "on" : ""),
                ProcessRun.javaCommand(), "-jar", project.jar("conformance").toString(), area, name);
        assertEquals(expected, actual);
        if (mode.equals(WARM)) {
            assertEquals(served + 1, warmRunsServed(), "the run was not warm");
        }
    }

    /** How many runs the jar's warm-start server has served; it is started, and waited for, first. */
    private static synchronized int warmRunsServed() {
        if (!serverStarted) {
            // A first run asked to be warm runs cold and starts the server in the background.
            ProcessRun first = ProcessRun.javaJar(project.jar("conformance"), work, warmEnvironment(), "exits", "exit-none");
            assertEquals(0, first.exitStatus(), first.toString());
            serverStarted = true;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (true) {
            String status = WarmStatus.of(project.jar("conformance"), work, warmEnvironment());
            OptionalInt served = WarmStatus.served(status);
            if (served.isPresent()) {
                return served.getAsInt();
            }
            assertTrue(System.nanoTime() < deadline, "no warm-start server after 240 s: " + status);
            pause();
        }
    }

    @AfterAll
    static void stopTheWarmServer() {
        if (serverStarted) {
            ProcessRun.javaJar(project.jar("conformance"), work, warmEnvironment(), "--pyjar-warm-start", "stop");
        }
    }

    private static Map<String, String> warmEnvironment() {
        return Map.of("PYJAR_CACHE_DIR", System.getProperty("pyjar.cacheDir"), "PYJAR_WARM_START", "on");
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** driver.py's transcript of one run of the command. */
    private static String drive(String steps, Path directory, Map<String, String> environment, String... command) {
        List<String> driver = new ArrayList<>(List.of(PYTHON, project.directory().resolve("driver.py").toString(), steps, "--"));
        driver.addAll(List.of(command));
        ProcessRun run = ProcessRun.run(driver, directory, environment);
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("", run.stderr(), run.toString());
        return run.stdout();
    }
}
