package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maven's Build Cache Extension over a pyjar app, configured as the README says: a clean rebuild
 * restores the executable jar without running pyjar, and a change to any of pyjar's inputs (a
 * {@code .py} file of the app, a {@code pythonPath} directory, a wheel, a pip requirement) makes
 * the build run pyjar again. After the first, online, build every build runs offline.
 */
class BuildCacheTest {
    private static final String PYJAR_RAN = "pyjar: packed ";
    private static final String UNHASHED = "pyjar: Maven's build cache does not hash ";

    @TempDir
    Path work;

    private TestProject project;

    @Test
    void restoresTheJarUntilAnInputOfPyjarChanges() throws IOException {
        project = TestProject.copy("cached", work);
        writeGreet("1");
        writeShout("2.0");
        Path pom = project.directory().resolve("pom.xml");
        String declared = Files.readString(pom);
        Files.writeString(pom, declared.replaceAll("(?s)\\s*<!-- pip's find-links.*?</maven.build.cache.input.pip>", ""));

        ProcessRun undeclared = build(false, "package");
        assertTrue(undeclared.stdout().contains(UNHASHED + "wheels/pip, "), undeclared.stdout());
        assertEquals(1, count(undeclared.stdout(), UNHASHED), "only the find-links directory lacks a declaration");

        Files.writeString(pom, declared);
        ProcessRun first = build(true, "package");
        assertTrue(first.stdout().contains(PYJAR_RAN), first.stdout());
        assertFalse(first.stdout().contains(UNHASHED), first.stdout());
        assertRuns("app 1, helper 1, greet 1, SHOUT!2.0");

        edit("src/main/python/cached.py", "app 1,", "app 2,");
        assertRebuilt("app 2, helper 1, greet 1, SHOUT!2.0");
        edit("lib/helper.py", "helper 1", "helper 2");
        assertRebuilt("app 2, helper 2, greet 1, SHOUT!2.0");
        writeGreet("2");
        assertRebuilt("app 2, helper 2, greet 2, SHOUT!2.0");
        writeShout("2.1");
        edit("requirements.txt", "shout==2.0", "shout==2.1");
        assertRebuilt("app 2, helper 2, greet 2, SHOUT!2.1");
        byte[] built = Files.readAllBytes(project.jar("cached"));

        ProcessRun restored = build(true, "clean", "package");
        assertTrue(restored.stdout().contains("Skipping plugin execution (cached): pyjar:package"), restored.stdout());
        assertFalse(restored.stdout().contains(PYJAR_RAN), restored.stdout());
        assertArrayEquals(built, Files.readAllBytes(project.jar("cached")));
        assertTrue(Files.isExecutable(project.jar("cached")), "the restored jar runs as ./cached.jar");
        assertEquals(new ProcessRun(0, "app 2, helper 2, greet 2, SHOUT!2.1\n", ""),
                ProcessRun.run(List.of(project.jar("cached").toString()), work, launchEnvironment()));
    }

    private void assertRebuilt(String output) {
        ProcessRun rebuild = build(true, "package");
        assertTrue(rebuild.stdout().contains(PYJAR_RAN), "a changed input must not restore the old jar:\n" + rebuild.stdout());
        assertRuns(output);
    }

    private void assertRuns(String output) {
        assertEquals(new ProcessRun(0, output + "\n", ""), ProcessRun.javaJar(project.jar("cached"), work));
    }

    /** Builds with Maven 3.9 (the extension needs it) and a cache of this test's own. */
    private ProcessRun build(boolean offline, String... goals) {
        List<String> arguments = new ArrayList<>(List.of("-Dmaven.build.cache.location=" + work.resolve("build-cache")));
        if (offline) {
            arguments.add("-o");
        }
        arguments.addAll(List.of(goals));
        ProcessRun build = project.mvn(Path.of(System.getProperty("pyjar.buildCacheMavenHome")), Map.of(), "", arguments);
        assertEquals(0, build.exitStatus(), build.toString());
        return build;
    }

    /** The greet wheel on the pythonPath, saying {@code version}. */
    private void writeGreet(String version) throws IOException {
        Wheels.write(project.directory().resolve("wheels/greet-1.0-py3-none-any.whl"), "greet", "1.0",
                Map.of("greet/__init__.py", "VERSION = 'greet " + version + "'\n",
                        "greet-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: greet\nVersion: 1.0\n"));
    }

    /** Version {@code version} of shout, in the directory pip finds its wheels in. */
    private void writeShout(String version) throws IOException {
        Wheels.write(project.directory().resolve("wheels/pip/shout-" + version + "-py3-none-any.whl"), "shout", version,
                Map.of("shout/__init__.py", "VERSION = '" + version + "'\n\ndef shout(text):\n    return text.upper() + '!'\n",
                        "shout-" + version + ".dist-info/METADATA", "Metadata-Version: 2.1\nName: shout\nVersion: " + version + "\n"));
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = project.directory().resolve(file);
        String text = Files.readString(path);
        assertTrue(text.contains(from), file + " holds " + from);
        Files.writeString(path, text.replace(from, to));
    }

    private static Map<String, String> launchEnvironment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "PYJAR_CACHE_DIR", System.getProperty("pyjar.cacheDir"));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
