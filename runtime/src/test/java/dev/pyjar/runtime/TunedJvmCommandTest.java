package dev.pyjar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The second JVM's command line: pyjar's flags first, the user's after them, one collector only;
 * printed as words a POSIX shell reads back unchanged.
 */
class TunedJvmCommandTest {
    private static final Path JAR = Path.of("/apps/app.jar");

    @Test
    void withoutUserOptionsTheSecondJvmGetsPyjarsFlagsAndRunsTheSameJar() {
        List<String> command = new TunedJvm(JAR, Map.of()).command(List.of("-XX:SharedArchiveFile=/c/a.jsa"), new String[] {"x", "y"});
        assertTrue(command.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC",
                "-XX:SharedArchiveFile=/c/a.jsa", "-Dpyjar.tunedJvm=child")), command.toString());
        assertEquals(List.of("-jar", JAR.toString(), "x", "y"), command.subList(command.size() - 4, command.size()));
        assertEquals(Runtime.version().feature() < 25, command.contains("-XX:CompileThresholdScaling=0.2"), command.toString());
    }

    @Test
    void aCollectorTheUserChoseReplacesTheSerialOneAndUserOptionsComeAfterPyjars() {
        List<String> command = new TunedJvm(JAR, Map.of(TunedJvm.OPTIONS_VARIABLE, " -XX:+UseG1GC  -XX:TieredStopAtLevel=4 "))
                .command(List.of(), new String[0]);
        assertFalse(command.contains("-XX:+UseSerialGC"), command.toString());
        assertTrue(command.indexOf("-XX:TieredStopAtLevel=4") > command.indexOf("-XX:TieredStopAtLevel=1"), command.toString());
        assertTrue(command.contains("-XX:+UseG1GC"), command.toString());
    }

    @Test
    void printedWordsAreQuotedOnlyWhereAShellWouldSplitOrExpandThem() {
        assertEquals("/usr/bin/java -Dx=1 '/my apps/a.jar' 'it'\\''s' '' '$HOME' '*.py' -n 5",
                TunedJvm.shellWords(List.of("/usr/bin/java", "-Dx=1", "/my apps/a.jar", "it's", "", "$HOME", "*.py", "-n", "5")));
    }
}
