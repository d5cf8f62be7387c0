package dev.pyjar.packer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The platforms whose native files (GraalPy's, Truffle's NFI and attach libraries) an app's jar
 * keeps. GraalPy's jars carry them for every platform it supports, under
 * {@code META-INF/resources/<os>/<arch>/...} or {@code META-INF/resources/<resource>/<name>/<os>/<arch>/...};
 * a jar meant for one platform needs only that one's.
 */
public final class Platforms {
    private static final String RESOURCES = "META-INF/resources/";
    private static final Set<String> SYSTEMS = Set.of("linux", "darwin", "windows");
    private static final Set<String> ARCHITECTURES = Set.of("amd64", "aarch64");
    private static final Map<String, String> ALIASES = Map.of("macos", "darwin", "x86_64", "amd64", "arm64", "aarch64");

    /** Every platform: nothing is left out. */
    public static final Platforms ALL = new Platforms(Set.of());

    private final Set<String> kept;

    private Platforms(Set<String> kept) {
        this.kept = kept;
    }

    /**
     * Reads names like {@code linux-x86_64} or {@code darwin-aarch64} ({@code macos}, {@code x86_64} and
     * {@code arm64} are understood too); none means every platform.
     */
    public static Platforms of(List<String> names) throws BuildException {
        Set<String> kept = new LinkedHashSet<>();
        for (String name : names) {
            String[] parts = name.trim().toLowerCase(Locale.ROOT).split("-", 2);
            String system = parts.length == 2 ? ALIASES.getOrDefault(parts[0], parts[0]) : "";
            String architecture = parts.length == 2 ? ALIASES.getOrDefault(parts[1], parts[1]) : "";
            if (!SYSTEMS.contains(system) || !ARCHITECTURES.contains(architecture)) {
                throw new BuildException("platform '" + name + "' is not one GraalPy ships natives for; use <os>-<arch> with os"
                        + " linux, darwin (macos) or windows and arch x86_64 (amd64) or aarch64 (arm64), as in linux-x86_64");
            }
            kept.add(system + "/" + architecture);
        }
        return new Platforms(Set.copyOf(kept));
    }

    /** Whether the jar keeps this entry: anything but another platform's native files. */
    boolean keeps(String entryName) {
        if (kept.isEmpty() || !entryName.startsWith(RESOURCES)) {
            return true;
        }
        String[] parts = entryName.substring(RESOURCES.length()).split("/", 6);
        for (int i = 0; i <= 2 && i + 2 < parts.length; i += 2) {
            if (SYSTEMS.contains(parts[i]) && ARCHITECTURES.contains(parts[i + 1])) {
                return kept.contains(parts[i] + "/" + parts[i + 1]);
            }
        }
        return true;
    }
}
