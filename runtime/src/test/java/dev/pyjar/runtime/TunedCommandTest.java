package dev.pyjar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The second JVM's command line on JDK 17 and JDK 25, whichever JDK runs the test: pyjar's flags
 * first, the archive kind's, then the user's, one collector only; printed as words a POSIX shell
 * reads back unchanged.
 */
class TunedCommandTest {
    private static final Jdk JDK17 = new Jdk(Path.of("/jdk17"), "17.0.15+6", 17);
    private static final Jdk JDK25 = new Jdk(Path.of("/jdk25"), "25.0.3+9", 25);
    private static final ArchivableJar JAR = ArchivableJar.direct(Path.of("/apps/app.jar"));

    @Test
    void onJdk17TheSecondJvmMapsAnAppCdsArchiveAndCompilesSooner() {
        List<String> command = new TunedCommand(JDK17, List.of("-jar", "/apps/app.jar"), Map.of())
                .forJar(LaunchMode.TUNED_CHILD, ArchiveKind.of(17).useOptions(Path.of("/c/a.jsa")), JAR, List.of("x", "y"));
        assertEquals(Path.of("/jdk17/bin/java").toString(), command.get(0));
        assertTrue(command.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC",
                "-XX:CompileThresholdScaling=0.2", "-Xlog:cds*=off", "-XX:SharedArchiveFile=/c/a.jsa", "-Dpyjar.tunedJvm=child")),
                command.toString());
        assertFalse(command.contains("--sun-misc-unsafe-memory-access=allow"), command.toString());
        assertEquals(List.of("-jar", "/apps/app.jar", "x", "y"), command.subList(command.size() - 4, command.size()));
    }

    @Test
    void onJdk25TheSecondJvmMapsAnAotCacheWithTheDefaultThresholds() {
        List<String> command = new TunedCommand(JDK25, List.of(), Map.of())
                .forJar(LaunchMode.TUNED_CHILD, ArchiveKind.of(25).useOptions(Path.of("/c/a.aot")), JAR, List.of());
        assertTrue(command.containsAll(List.of("-XX:AOTCache=/c/a.aot", "-Xlog:aot*=off", "--sun-misc-unsafe-memory-access=allow")),
                command.toString());
        assertFalse(command.contains("-XX:CompileThresholdScaling=0.2"), command.toString());
        assertFalse(command.stream().anyMatch(word -> word.startsWith("-XX:SharedArchiveFile")), command.toString());
    }

    @Test
    void theArchiveIsDumpedFromTheRecordedClassesWithTheRunsOwnOptions() {
        for (Jdk jdk : List.of(JDK17, JDK25)) {
            TunedCommand tuned = new TunedCommand(jdk, List.of("-Xmx1g", "-jar", "/apps/app.jar"), Map.of());
            List<String> dump = tuned.dump(jdk.archiveKind().dumpOptions(Path.of("/c/a.classlist"), Path.of("/c/a.tmp")), JAR.classPath());
            List<String> run = tuned.forJar(LaunchMode.TUNED_CHILD, List.of(), JAR, List.of());
            assertTrue(dump.containsAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=/c/a.classlist", "-XX:SharedArchiveFile=/c/a.tmp",
                    "-Xmx1g", "-cp", "/apps/app.jar")), dump.toString());
            assertEquals(jdk.feature() >= 25, dump.contains("-XX:+AOTClassLinking"), dump.toString());
            // The JVM refuses an archive dumped with other heap or collector options than the run's.
            assertEquals(run.subList(0, run.indexOf("--enable-native-access=ALL-UNNAMED")),
                    dump.subList(0, dump.indexOf("-Xshare:dump")));
        }
    }

    @Test
    void aCollectorTheUserChoseReplacesTheSerialOneAndUserOptionsComeAfterPyjars() {
        List<String> command = new TunedCommand(JDK17, List.of(), Map.of(TunedCommand.OPTIONS_VARIABLE, " -XX:+UseG1GC  -XX:TieredStopAtLevel=4 "))
                .forJar(LaunchMode.TUNED_CHILD, List.of(), JAR, List.of());
        assertFalse(command.contains("-XX:+UseSerialGC"), command.toString());
        assertTrue(command.indexOf("-XX:TieredStopAtLevel=4") > command.indexOf("-XX:TieredStopAtLevel=1"), command.toString());
        assertTrue(command.contains("-XX:+UseG1GC"), command.toString());
    }

    @Test
    void optionsGivenToTheFirstJvmPassOnButNotItsJarOrArguments() {
        TunedCommand tuned = new TunedCommand(JDK25, List.of("-Xss2m", "-Dx=1", "-jar", "app.jar", "-Xmx9g"), Map.of(TunedCommand.OPTIONS_VARIABLE, "-Xmx1g"));
        assertEquals(List.of("-Xss2m", "-Dx=1", "-Xmx1g"), tuned.userOptions());
    }

    @Test
    void aJarReachedByAnotherPathTellsTheAppItsOwnPath() {
        ArchivableJar linked = new ArchivableJar(Path.of("/my apps/app.jar"), Path.of("/cache/archives/jars/app-1.jar"));
        List<String> command = new TunedCommand(JDK17, List.of(), Map.of()).forJar(LaunchMode.TRAINING, List.of(), linked, List.of());
        assertTrue(command.contains("-Dpyjar.tunedJvm=train"), command.toString());
        assertTrue(command.contains("-Dpyjar.jar=/my apps/app.jar"), command.toString());
        assertEquals(List.of("-jar", "/cache/archives/jars/app-1.jar"), command.subList(command.size() - 2, command.size()));
    }

    @Test
    void printedWordsAreQuotedOnlyWhereAShellWouldSplitOrExpandThem() {
        assertEquals("/usr/bin/java -Dx=1 '/my apps/a.jar' 'it'\\''s' '' '$HOME' '*.py' -n 5",
                TunedJvm.shellWords(List.of("/usr/bin/java", "-Dx=1", "/my apps/a.jar", "it's", "", "$HOME", "*.py", "-n", "5")));
    }
}
