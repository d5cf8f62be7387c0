package dev.pyjar.runtime.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where pyjar keeps what it makes at run time (class-data archives, extracted files):
 * {@code PYJAR_CACHE_DIR}, else {@code $XDG_CACHE_HOME/pyjar}, else {@code ~/.cache/pyjar}. The
 * user's cache base ({@code $XDG_CACHE_HOME}, else {@code ~/.cache}) is GraalPy's too.
 */
public final class CacheDirectory {
    public static final String VARIABLE = "PYJAR_CACHE_DIR";

    private CacheDirectory() {}

    /** pyjar's cache directory for this environment; null when there is none (no home directory). */
    public static Path locate(Map<String, String> environment) {
        String explicit = environment.get(VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path base = userCacheBase(environment);
        return base == null ? null : base.resolve("pyjar");
    }

    /**
     * The user's cache directory as the XDG base directory rules name it: {@code $XDG_CACHE_HOME},
     * else {@code ~/.cache}; null when there is no home directory.
     */
    public static Path userCacheBase(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg);
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache");
    }
}
