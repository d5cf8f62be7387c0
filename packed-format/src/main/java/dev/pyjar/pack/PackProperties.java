package dev.pyjar.pack;

import java.util.List;
import java.util.Map;

/** Names of the properties pyjar's own tools write into a pack. */
public final class PackProperties {
    /** What {@code java -jar} runs: {@code module} or {@code module:function}; absent for a library. */
    public static final String MAIN = "main";
    /** The optimization level the code blobs were compiled with, as in {@code compile(..., optimize=N)}. */
    public static final String OPTIMIZE = "optimize";

    /**
     * The top-level names of the standard library modules in the pack, comma-separated: a runtime
     * that may not run the pack's code must not run those modules' packed sources either (they
     * belong to another GraalPy), but its own standard library.
     */
    public static final String STANDARD_LIBRARY = "standard-library";

    /**
     * Standard library modules a build that packed only what the app reaches left out, comma-separated;
     * absent when the whole standard library was packed. Informational: they import from GraalPy's own files.
     */
    public static final String STANDARD_LIBRARY_LEFT_OUT = "standard-library-left-out";

    /** The pack's distribution metadata: its top-level {@code *.dist-info} and {@code *.egg-info} paths, one per line. */
    public static final String DISTRIBUTIONS = "distributions";

    /**
     * Native extension modules packed as resources, {@code module=resource path}, comma-separated:
     * the runtime writes each to the cache directory before GraalPy loads it.
     */
    public static final String NATIVE_EXTENSIONS = "native-extensions";

    /**
     * The top-level names of the modules and packages packed from {@code pythonPath}, wheels and
     * pip (third-party code, neither the app's own nor the standard library), comma-separated;
     * absent when there are none. A warm server imports them ahead of runs that keep importing
     * them, as it does standard library modules; the app's own modules are left to the runs.
     */
    public static final String INSTALLED_PACKAGES = "installed-packages";

    /**
     * Top-level packages whose files the runtime writes to disk before their first import, so that
     * their {@code __file__} is a real path: {@code package=SHA-256 of its files}, comma-separated.
     */
    public static final String EXTRACTED_PACKAGES = "extracted-packages";

    /**
     * {@code true} when the build asked for warm starts (the plugin's {@code warmStart}): a run
     * goes to a background JVM that keeps GraalPy ready, see the runtime's WarmStart.
     */
    public static final String WARM_START = "warm-start";

    /**
     * The standard library modules the app's imports reach that control the terminal of the
     * process they run in (termios, tty, pty, getpass), comma-separated; written when warm start
     * was asked for, and absent when there are none. A warm server is not the client's process,
     * so such an app runs cold.
     */
    public static final String WARM_START_BLOCKERS = "warm-start-blockers";

    /**
     * The standard library modules the app's imports reach that GraalPy implements as native
     * code loadable by one context per process only (sqlite3, XML parsing), comma-separated;
     * written when warm start was asked for, and absent when there are none. A warm server runs
     * many contexts, which may load them only when isolated ({@code python.IsolateNativeModules}, which needs {@code patchelf}): such an
     * app runs warm only with {@link #WARM_START_NATIVE_ISOLATION} and where {@code patchelf} is
     * on the PATH, and cold elsewhere.
     */
    public static final String WARM_START_ISOLATED = "warm-start-isolated";

    /**
     * {@code true} when the build let warm servers load {@link #WARM_START_ISOLATED} modules
     * isolated per context (the plugin's {@code warmStartNativeIsolation}); absent otherwise,
     * and an app that imports them then runs cold.
     */
    public static final String WARM_START_NATIVE_ISOLATION = "warm-start-native-isolation";

    /**
     * Not a property: the jar entry the plugin adds next to {@link #WARM_START_ALLOWED_JAR_ENTRY}
     * when the pack has {@link #WARM_START_ISOLATED} modules, so that a client can tell without
     * opening the pack that its run goes warm only where {@code patchelf} is on the PATH.
     */
    public static final String WARM_START_ISOLATED_JAR_ENTRY = "META-INF/pyjar/warm-start-isolated";

    /**
     * Not a property: the jar entry the plugin adds when runs of the jar go warm (warm start asked
     * for, and nothing in the pack keeps it cold), so that the launcher can tell without opening
     * the pack, which every cold run would otherwise pay for.
     */
    public static final String WARM_START_JAR_ENTRY = "META-INF/pyjar/warm-start";

    /**
     * Not a property: the jar entry the plugin adds when runs of the jar may go warm whether or
     * not it asked ({@code PYJAR_WARM_START=on}): it has a main and nothing in the pack keeps it
     * cold. A warm run's client then decides without opening the pack, which costs more than the
     * rest of its start-up.
     */
    public static final String WARM_START_ALLOWED_JAR_ENTRY = "META-INF/pyjar/warm-start-allowed";

    private PackProperties() {}

    /**
     * Whether something in a pack with these properties keeps its runs cold wherever they run:
     * native extensions, {@link #WARM_START_BLOCKERS}, or {@link #WARM_START_ISOLATED} modules
     * in a build that did not let servers isolate them. A pack that passes and
     * {@link #needsNativeIsolation needs isolation} still runs cold where {@code patchelf} is missing.
     */
    public static boolean keepsRunsCold(Map<String, String> properties) {
        return properties.containsKey(NATIVE_EXTENSIONS)
                || !properties.getOrDefault(WARM_START_BLOCKERS, "").isEmpty()
                || needsNativeIsolation(properties) && !"true".equals(properties.get(WARM_START_NATIVE_ISOLATION));
    }

    /** Whether a pack's warm runs must have GraalPy's native modules isolated per context ({@link #WARM_START_ISOLATED}). */
    public static boolean needsNativeIsolation(Map<String, String> properties) {
        return !properties.getOrDefault(WARM_START_ISOLATED, "").isEmpty();
    }

    /** The items of a list-valued property (an absent or empty one has none). */
    public static List<String> split(String value, String separator) {
        return value == null || value.isEmpty() ? List.of() : List.of(value.split(java.util.regex.Pattern.quote(separator), -1));
    }
}
