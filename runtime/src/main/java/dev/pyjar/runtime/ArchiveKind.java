package dev.pyjar.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * The class-data archive a JDK gets, and everything about the second JVM that depends on which
 * one it is; the one place that asks which JDK is running.
 *
 * <p>Both kinds are made the same way, out of the app's sight: the first run records the names of
 * the classes it loads ({@code -XX:DumpLoadedClassList}, which costs that run next to nothing),
 * and a background step dumps a static archive of them ({@code -Xshare:dump}). Recording a
 * dynamic archive or an AOT configuration instead writes the whole archive when the app exits,
 * which made the first run several times slower than a run without any archive (see
 * benchmarks/README.md).
 */
enum ArchiveKind {
    /** JDK 17 to 24: a static AppCDS archive. */
    APP_CDS(".jsa") {
        @Override
        List<String> useOptions(Path archive) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }

        @Override
        List<String> dumpOptions(Path classList, Path output) {
            return List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + output);
        }

        @Override
        List<String> jitOptions() {
            // Compiling the interpreter's hot code sooner pays here; with JDK 25's archive it
            // made import-heavy runs slower (benchmarks/README.md).
            return List.of("-XX:CompileThresholdScaling=0.2");
        }

        @Override
        List<String> quietOptions() {
            return List.of("-Xlog:cds*=off");
        }

        @Override
        boolean archivesOnlyUriPlainClassPaths() {
            // JDK 17 records a class's jar as the URI it was loaded from and turns that back into
            // a path by dropping "file:" without decoding it (JDK-8339460, fixed in JDK 24 for
            // modules): a jar whose path a URI escapes (a space, non-ASCII) matches no class-path
            // entry, and its classes are silently left out of the archive.
            return true;
        }
    },
    /** JDK 25 and later: the AOT cache, a static archive whose classes are also linked ahead of time. */
    AOT_CACHE(".aot") {
        @Override
        List<String> useOptions(Path archive) {
            return List.of("-XX:AOTCache=" + archive);
        }

        @Override
        List<String> dumpOptions(Path classList, Path output) {
            return List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + output,
                    "-XX:+AOTClassLinking");
        }

        @Override
        List<String> jitOptions() {
            return List.of();
        }

        @Override
        List<String> quietOptions() {
            return List.of("-Xlog:cds*=off", "-Xlog:aot*=off");
        }

        @Override
        boolean archivesOnlyUriPlainClassPaths() {
            return false;
        }
    };

    private final String extension;

    ArchiveKind(String extension) {
        this.extension = extension;
    }

    static ArchiveKind of(int feature) {
        return feature >= 25 ? AOT_CACHE : APP_CDS;
    }

    /** The archive file's extension, with its dot. */
    String extension() {
        return extension;
    }

    /** The options with which a JVM maps the archive. */
    abstract List<String> useOptions(Path archive);

    /** The options that make {@code java -cp <jar>} dump an archive of the listed classes instead of running anything. */
    abstract List<String> dumpOptions(Path classList, Path output);

    /** JIT options that pay with this kind of archive. */
    abstract List<String> jitOptions();

    /** Options that keep the JVM from printing anything about an archive it cannot use: that may only cost speed. */
    abstract List<String> quietOptions();

    /** Whether the JVM archives a jar's classes only when the jar's path reads the same as a {@code file:} URI. */
    abstract boolean archivesOnlyUriPlainClassPaths();
}
