package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.CacheDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where GraalPy unpacks its own files on first use (native libraries, its C API, the standard
 * library modules the pack leaves to it): Truffle's resource cache. With a read-only home and no
 * other place given, GraalPy cannot unpack them; the app still runs from the pack, but GraalPy
 * would print a dozen lines of warnings on every start. The launcher replaces them with one line
 * that says what is missing and how to give GraalPy a writable place.
 */
final class GraalPyResourceCache {
    static final String PROPERTY = "polyglot.engine.userResourceCache";

    private GraalPyResourceCache() {}

    /** Where Truffle will look, by the same rules: the system property, else the XDG cache, else {@code ~/.cache}. */
    static Path location(Map<String, String> environment) {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path base = CacheDirectory.userCacheBase(environment);
        return (base == null ? Path.of(".cache") : base).resolve("org.graalvm.polyglot");
    }

    /** Whether GraalPy can use the cache: it holds files already, or it can be created and written. */
    static boolean usable(Path cache) {
        if (Files.isDirectory(cache)) {
            return Files.isWritable(cache) || !isEmpty(cache);
        }
        Path existing = cache.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
    }

    /**
     * When GraalPy cannot unpack its files: one warning line instead of GraalPy's, before the
     * engine starts. Returns whether it can, and so load its native libraries.
     */
    static boolean warnIfUnusable(Map<String, String> environment) {
        Path cache = location(environment);
        if (usable(cache)) {
            return true;
        }
        System.setProperty("polyglotimpl.AttachLibraryFailureAction", "ignore");
        System.setProperty("polyglot.log.python.level", "SEVERE");
        System.err.println("pyjar: warning: GraalPy cannot unpack its own files to " + cache + " (not writable): native access,"
                + " C extension modules and standard library modules left out of the pack are unavailable; set XDG_CACHE_HOME"
                + " or -D" + PROPERTY + " to a writable directory");
        return false;
    }

    private static boolean isEmpty(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return true;
        }
    }
}
