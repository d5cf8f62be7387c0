package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
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
                        "default", "hup-group"),
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
     * defaults to spawn with the native POSIX backend): the default start method in every mode,
     * spawn named explicitly in the default mode.
     */
    static Stream<Arguments> processes() {
        return Stream.concat(inModes("processes", MODES, "default", ""), inModes("processes", List.of("tuned"), "spawn", ""));
    }

    static Stream<Arguments> interpreter() {
        return inModes("interpreter", List.of("tuned", "off"), "forms", "");
    }

    static Stream<Arguments> terminal() {
        return inModes("terminal", List.of("tuned", "off"), "streams", "");
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

    /** Each case of signals, exits, posix, interpreter, processes and keyboard: the transcripts are equal. */
    @ParameterizedTest(name = "{0} {1} {2} [{3}]")
    @MethodSource({"signals", "exits", "posix", "interpreter", "processes", "keyboard"})
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
        String actual = drive(steps, work, Map.of("PYJAR_CACHE_DIR", System.getProperty("pyjar.cacheDir"),
                        "PYJAR_TUNED_JVM", mode.equals("tuned") ? "" : mode),
                ProcessRun.javaCommand(), "-jar", project.jar("conformance").toString(), area, name);
        assertEquals(expected, actual);
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
