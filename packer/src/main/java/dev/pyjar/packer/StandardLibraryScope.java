package dev.pyjar.packer;

import java.util.List;

/**
 * Which of GraalPy's standard library a pack holds.
 *
 * @param packed whether to pack it at all (without it, every standard library module comes from GraalPy's own files)
 * @param excludes module patterns never packed
 * @param reachableOnly pack only the modules the app's imports reach, and those {@code includes} names
 * @param includes module patterns packed even when no import statement reaches them
 */
public record StandardLibraryScope(boolean packed, List<String> excludes, boolean reachableOnly, List<String> includes) {
    public StandardLibraryScope {
        excludes = List.copyOf(excludes);
        includes = List.copyOf(includes);
    }

    /** The whole standard library but {@code excludes}. */
    public static StandardLibraryScope all(List<String> excludes) {
        return new StandardLibraryScope(true, excludes, false, List.of());
    }

    /** None of it. */
    public static StandardLibraryScope none() {
        return new StandardLibraryScope(false, List.of(), false, List.of());
    }
}
