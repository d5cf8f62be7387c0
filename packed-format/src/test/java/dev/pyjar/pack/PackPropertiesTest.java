package dev.pyjar.pack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PackPropertiesTest {
    @Test
    void aPackWithNothingNativeOrTerminalBoundMayRunWarm() {
        Map<String, String> properties = Map.of(PackProperties.MAIN, "app", PackProperties.WARM_START, "true");
        assertFalse(PackProperties.keepsRunsCold(properties));
        assertFalse(PackProperties.needsNativeIsolation(properties));
    }

    @Test
    void nativeExtensionsAndTerminalModulesKeepRunsCold() {
        assertTrue(PackProperties.keepsRunsCold(Map.of(PackProperties.NATIVE_EXTENSIONS, "_speedups=native/_speedups.so")));
        assertTrue(PackProperties.keepsRunsCold(Map.of(PackProperties.WARM_START_BLOCKERS, "termios",
                PackProperties.WARM_START_NATIVE_ISOLATION, "true")));
        assertFalse(PackProperties.keepsRunsCold(Map.of(PackProperties.WARM_START_BLOCKERS, "")));
    }

    @Test
    void modulesThatNeedIsolationKeepRunsColdUnlessTheBuildAllowedIsolation() {
        Map<String, String> refused = Map.of(PackProperties.WARM_START_ISOLATED, "sqlite3");
        assertTrue(PackProperties.keepsRunsCold(refused));
        assertTrue(PackProperties.needsNativeIsolation(refused));
        Map<String, String> allowed = Map.of(PackProperties.WARM_START_ISOLATED, "sqlite3,xml.parsers.expat",
                PackProperties.WARM_START_NATIVE_ISOLATION, "true");
        assertFalse(PackProperties.keepsRunsCold(allowed));
        assertTrue(PackProperties.needsNativeIsolation(allowed));
    }
}
