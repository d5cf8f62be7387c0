package dev.pyjar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment chooses what the first JVM does; the role property what the JVMs pyjar starts do. */
class LaunchModeTest {
    @Test
    void theSwitchChoosesInTheFirstJvm() {
        assertEquals(LaunchMode.TUNED, LaunchMode.of(null, Map.of()));
        assertEquals(LaunchMode.TUNED, LaunchMode.of(null, Map.of(LaunchMode.SWITCH_VARIABLE, "on")));
        assertEquals(LaunchMode.OFF, LaunchMode.of(null, Map.of(LaunchMode.SWITCH_VARIABLE, "OFF")));
        assertEquals(LaunchMode.IN_PROCESS, LaunchMode.of(null, Map.of(LaunchMode.SWITCH_VARIABLE, "in-process")));
        assertEquals(LaunchMode.PRINT, LaunchMode.of(null, Map.of(LaunchMode.SWITCH_VARIABLE, "print")));
    }

    @Test
    void aStartedJvmFollowsItsRoleWhateverTheEnvironmentSays() {
        Map<String, String> print = Map.of(LaunchMode.SWITCH_VARIABLE, "print");
        for (LaunchMode role : new LaunchMode[] {LaunchMode.TUNED_CHILD, LaunchMode.TRAINING, LaunchMode.ARCHIVE_BUILD}) {
            assertEquals(role, LaunchMode.of(role.role(), print));
        }
    }
}
