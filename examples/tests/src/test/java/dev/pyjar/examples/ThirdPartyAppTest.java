package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.io.IOAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project whose pythonPath has a site-packages directory (with Debian's Pygments), a second
 * root holding the other half of a namespace package, and a wheel this test writes. Its probe
 * prints what importlib, importlib.resources, importlib.metadata, pkgutil, inspect, traceback,
 * warnings, runpy and threads say about packed code, and calls a C extension module built by this
 * test for GraalPy; the jar must print exactly what GraalPy prints running the same files from
 * disk.
 */
class ThirdPartyAppTest {
    private static final Path DEBIAN_SITE = Path.of("/usr/lib/python3/dist-packages");

    @TempDir
    static Path work;

    private static TestProject project;
    private static ProcessRun build;

    @BeforeAll
    static void build() throws IOException {
        project = TestProject.copy("thirdparty", work);
        copyTree(DEBIAN_SITE.resolve("pygments"), project.directory().resolve("site/pygments"));
        copyTree(DEBIAN_SITE.resolve("Pygments-2.14.0.egg-info"), project.directory().resolve("site/Pygments-2.14.0.egg-info"));
        Wheels.write(project.directory().resolve("wheels/greet-1.0-py3-none-any.whl"), "greet", "1.0", GREET);
        Wheels.write(project.directory().resolve("wheels/pip/shout-2.0-py3-none-any.whl"), "shout", "2.0", SHOUT);
        NativeExtension.compile("fastmath", project.directory().resolve("site"));
        build = project.mvnPackage("");
        assertEquals(0, build.exitStatus(), build.toString());
    }

    @Test
    void importlibBehavesAsFromFilesOnDisk() {
        ProcessRun packed = ProcessRun.javaJar(project.jar("thirdparty"), work);
        assertEquals(0, packed.exitStatus(), packed.toString());
        assertEquals("", packed.stderr());
        String disk = runFromDisk();
        assertEquals(disk, packed.stdout());
        // The comparison only means something if the probe got far: spot-check a few answers.
        assertTrue(disk.contains("version: ('1.0', '2.14.0')"), disk);
        assertTrue(disk.contains("namespace: ('one, from the site root', 'two, from the extra root', ['one', 'two'])"), disk);
        assertTrue(disk.contains("__file__ data: ['alpha', 'beta', 'gamma']"), disk);
        assertTrue(disk.contains("native extension: (42, 'fastmath', True)"), disk);
        assertTrue(disk.contains("pip-installed: ('HI!', '2.0', 'pip\\n')"), disk);
    }

    @Test
    void theBuildSaysWhatItFoundAndWhatUsesFile() {
        assertTrue(build.stdout().contains("packed 10 app modules, "), build.stdout());
        assertTrue(build.stdout().contains("pyjar: packages whose code uses __file__: probe, pygments;"), build.stdout());
    }

    @Test
    void inspectListsModulesFilesAndDistributions() {
        ProcessRun run = ProcessRun.javaJar(project.jar("thirdparty"), work, "--pyjar-inspect", "greet*");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().contains("\npackage "), run.stdout());
        assertTrue(run.stdout().contains("  greet\n"), run.stdout());
        assertTrue(run.stdout().contains("greet-1.0.dist-info/LICENSE\n"), run.stdout());
        assertTrue(run.stdout().contains("\n  greet 1.0 (Apache-2.0), license files: greet-1.0.dist-info/LICENSE\n"), run.stdout());
        assertTrue(run.stdout().endsWith(", 1 distributions, matching greet*\n"), run.stdout());

        ProcessRun goal = project.mvn("", List.of("dev.pyjar:pyjar-maven-plugin:" + System.getProperty("pyjar.version") + ":inspect",
                "-Dpyjar.filter=acme*"));
        assertEquals(0, goal.exitStatus(), goal.toString());
        assertTrue(goal.stdout().contains("[INFO] namespace          -          -  acme\n"), goal.stdout());
        assertTrue(goal.stdout().contains("[INFO] total: 3 modules ("), goal.stdout());
    }

    @Test
    void mainMayNameAConsoleScriptAndOptimizeStripsDocstringsAndAsserts() {
        TestProject again = TestProject.copy("thirdparty", work.resolve("console-script"));
        try {
            copyTree(project.directory().resolve("wheels"), again.directory().resolve("wheels"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessRun built = again.mvnPackage("", "-Dpyjar.main=greet", "-Dpyjar.optimize=2");
        assertEquals(0, built.exitStatus(), built.toString());
        ProcessRun run = ProcessRun.javaJar(again.jar("thirdparty"), work, "a", "b");
        assertEquals(new ProcessRun(3, "greet: optimize=2 doc=None debug=False\nargs: ['a', 'b']\n", ""), run);
    }

    /** The probe under GraalPy, with the app's root, both pythonPath directories, the unpacked wheel and pip's installation on its path. */
    private static String runFromDisk() {
        Path root = project.directory();
        String path = Stream.of(root.resolve("src/main/python"), root.resolve("site"), root.resolve("extra"),
                        root.resolve("target/pyjar/wheels/greet-1.0-py3-none-any.whl"), root.resolve("target/pyjar/pip/site-packages"))
                .map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Context context = Context.newBuilder("python").allowIO(IOAccess.ALL).allowCreateThread(true).allowNativeAccess(true)
                .option("engine.WarnInterpreterOnly", "false").option("python.WarnExperimentalFeatures", "false")
                .option("python.PythonPath", path)
                .option("python.DontWriteBytecodeFlag", "true").out(out).err(out).build()) {
            context.eval("python", "import runpy, sys; sys.argv = ['probe']; runpy.run_module('probe', run_name='__main__', alter_sys=True)");
        } catch (PolyglotException e) {
            throw new AssertionError("the probe failed from disk: " + e.getMessage() + "\n" + out.toString(StandardCharsets.UTF_8), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The greet wheel: a package with a console script, a purelib module, a license and a dependency. */
    private static final Map<String, String> GREET = Map.of(
            "greet/__init__.py", "\"\"\"Greets.\"\"\"\nassert True, 'kept unless optimized'\n",
            "greet/cli.py", """
                    import sys


                    def main():
                        \"\"\"Prints a greeting.\"\"\"
                        print(f"greet: optimize={sys.flags.optimize} doc={main.__doc__!r} debug={__debug__}")
                        print("args:", sys.argv[1:])
                        return 3
                    """,
            "greet-1.0.data/purelib/greet_extra.py", "WHERE = 'purelib of the wheel'\n",
            "greet-1.0.data/scripts/greet-legacy", "#!/bin/sh\necho not installed into site-packages\n",
            "greet-1.0.dist-info/METADATA", """
                    Metadata-Version: 2.1
                    Name: greet
                    Version: 1.0
                    Summary: Greets from a wheel
                    License: Apache-2.0
                    Requires-Dist: Pygments (>=2.0)

                    A long description.
                    """,
            "greet-1.0.dist-info/entry_points.txt", "[console_scripts]\ngreet = greet.cli:main\n",
            "greet-1.0.dist-info/LICENSE", "Apache License 2.0, in short\n",
            "greet-1.0.dist-info/top_level.txt", "greet\ngreet_extra\n");

    /** The shout wheel, which the build installs with pip from a local directory. */
    private static final Map<String, String> SHOUT = Map.of(
            "shout/__init__.py", "def shout(text):\n    return text.upper() + '!'\n",
            "shout-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: shout\nVersion: 2.0\n");

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> !f.toString().contains("__pycache__")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }
}
