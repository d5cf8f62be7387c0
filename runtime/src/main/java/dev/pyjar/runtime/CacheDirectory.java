package dev.pyjar.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where pyjar keeps what it makes at run time (class-data archives, extracted files):
 * {@code PYJAR_CACHE_DIR}, else {@code $XDG_CACHE_HOME/pyjar}, else {@code ~/.cache/pyjar}.
 */
final class CacheDirectory {
    static final String VARIABLE = "PYJAR_CACHE_DIR";

    private CacheDirectory() {}

    /** The cache directory for this environment; null when there is none (no home directory). */
    static Path locate(Map<String, String> environment) {
        String explicit = environment.get(VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "pyjar");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "pyjar");
    }
}
