package dev.pyjar.packer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the versioned entries of a multi-release jar that every JVM able to run it would choose
 * anyway into the base. A multi-release {@code JarFile} looks for each class under every
 * {@code META-INF/versions/N/} with N up to the running JDK's version before it takes the base
 * entry; GraalPy's jars bring versions 9, 11 and 15, so on JDK 17 every class load from the merged
 * jar made three more lookups, each building its name anew (see benchmarks/README.md for what
 * that cost). A jar that needs Java {@code floor} or later is read the
 * same by every JVM that can run it when, of a name's versioned entries up to {@code floor}, the
 * highest replaces the base one.
 */
final class VersionedEntries {
    private static final String PREFIX = "META-INF/versions/";
    /** Directories below 9 are not versions to the JVM: they stay as they are, ignored. */
    private static final int FIRST_VERSION = 9;

    private VersionedEntries() {}

    /** Moves, in place, the entries under versions 9 to {@code floor} to their base names. */
    static <T> void fold(Map<String, T> entries, int floor) {
        Map<String, Integer> chosenVersions = new HashMap<>();
        Map<String, T> chosen = new TreeMap<>();
        for (Iterator<Map.Entry<String, T>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            // Read before remove(): a TreeMap may reuse the removed entry's node for its successor.
            Map.Entry<String, T> entry = it.next();
            String name = entry.getKey();
            T value = entry.getValue();
            int version = version(name);
            if (version < FIRST_VERSION || version > floor) {
                continue;
            }
            it.remove();
            String base = name.substring(name.indexOf('/', PREFIX.length()) + 1);
            if (!base.isEmpty() && !base.endsWith("/") && version > chosenVersions.getOrDefault(base, 0)) {
                chosenVersions.put(base, version);
                chosen.put(base, value);
            }
        }
        entries.putAll(chosen);
    }

    /** The N of {@code META-INF/versions/N/...}; 0 for any other name. */
    private static int version(String name) {
        int slash = name.indexOf('/', PREFIX.length());
        if (!name.startsWith(PREFIX) || slash < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(name.substring(PREFIX.length(), slash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
