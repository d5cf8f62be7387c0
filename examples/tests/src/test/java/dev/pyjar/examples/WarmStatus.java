package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code --pyjar-warm-start status} says of a jar's warm-start server: for tests that check a run was warm. */
final class WarmStatus {
    private static final Pattern SERVED = Pattern.compile("(\\d+) runs served");
    private static final Pattern PREPARED_AHEAD = Pattern.compile("(\\d+) served in a context prepared ahead");
    private static final Pattern IMPORTS_AHEAD = Pattern.compile("(\\d+) with modules imported ahead");

    private WarmStatus() {}

    /** The status line of {@code jar}'s server for these environment variables (PYJAR_CACHE_DIR, say). */
    static String of(Path jar, Path directory, Map<String, String> environment) {
        ProcessRun status = ProcessRun.javaJar(jar, directory, environment, "--pyjar-warm-start", "status");
        assertEquals(0, status.exitStatus(), status.toString());
        return status.stdout();
    }

    /** How many runs the server has served; empty when no server runs. */
    static OptionalInt served(String status) {
        return count(SERVED, status);
    }

    /** How many of those runs found a context prepared ahead; empty when no server runs. */
    static OptionalInt preparedAhead(String status) {
        return count(PREPARED_AHEAD, status);
    }

    /** How many runs ran in a context that had imported modules ahead; empty when no server runs. */
    static OptionalInt importsAhead(String status) {
        return count(IMPORTS_AHEAD, status);
    }

    private static OptionalInt count(Pattern pattern, String status) {
        Matcher matcher = pattern.matcher(status);
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }
}
