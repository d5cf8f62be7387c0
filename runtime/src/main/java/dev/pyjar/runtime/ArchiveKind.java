package dev.pyjar.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class-data archive a JDK gets, and everything about the second JVM that depends on which
 * one it is; the one place that asks which JDK is running.
 *
 * <p>Both kinds are made the same way, out of the app's sight: the first run records the names of
 * the classes it loads ({@code -XX:DumpLoadedClassList}, which costs that run next to nothing),
 * and a background step dumps a static archive of them ({@code -Xshare:dump}). Recording a
 * dynamic archive or an AOT configuration in the app's own run instead writes the whole archive
 * when the app exits, which made first runs several times slower than runs without any archive
 * (see benchmarks/README.md).
 */
enum ArchiveKind {
    /**
     * JDK 17 to 24: a static AppCDS archive. Compiling the interpreter's hot code sooner pays
     * there; with JDK 25's archive it made import-heavy runs slower (benchmarks/README.md). JDK 17
     * records a class's jar as the URI it was loaded from and turns that back into a path by
     * dropping "file:" without decoding it (JDK-8339460, fixed in JDK 24 for modules): a jar
     * whose path a URI escapes (a space, non-ASCII) matches no class-path entry, and its classes
     * are silently left out of the archive.
     */
    APP_CDS(".jsa", "-XX:SharedArchiveFile=", List.of(), List.of("-XX:CompileThresholdScaling=0.2"),
            List.of("-Xlog:cds*=off"), true),
    /** JDK 25 and later: the AOT cache, a static archive whose classes are also linked ahead of time. */
    AOT_CACHE(".aot", "-XX:AOTCache=", List.of("-XX:+AOTClassLinking"), List.of(),
            List.of("-Xlog:cds*=off", "-Xlog:aot*=off"), false);

    private final String extension;
    private final String useOption;
    private final List<String> extraDumpOptions;
    private final List<String> jitOptions;
    private final List<String> quietOptions;
    private final boolean archivesOnlyUriPlainClassPaths;

    ArchiveKind(String extension, String useOption, List<String> extraDumpOptions, List<String> jitOptions,
            List<String> quietOptions, boolean archivesOnlyUriPlainClassPaths) {
        this.extension = extension;
        this.useOption = useOption;
        this.extraDumpOptions = extraDumpOptions;
        this.jitOptions = jitOptions;
        this.quietOptions = quietOptions;
        this.archivesOnlyUriPlainClassPaths = archivesOnlyUriPlainClassPaths;
    }

    static ArchiveKind of(int feature) {
        return feature >= 25 ? AOT_CACHE : APP_CDS;
    }

    /** The archive file's extension, with its dot. */
    String extension() {
        return extension;
    }

    /**
     * The options with which a JVM maps the archive, and names it to itself, so that it marks the
     * archive as used however it was started ({@link ArchiveCache#markMappedArchiveUsed}).
     */
    List<String> useOptions(Path archive) {
        return List.of(useOption + archive, "-D" + ArchiveCache.MAPPED_PROPERTY + "=" + archive);
    }

    /** The options that make {@code java -cp <jar>} dump an archive of the listed classes instead of running anything. */
    List<String> dumpOptions(Path classList, Path output) {
        List<String> options = new ArrayList<>(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + output));
        options.addAll(extraDumpOptions);
        return options;
    }

    /** JIT options that pay with this kind of archive. */
    List<String> jitOptions() {
        return jitOptions;
    }

    /** Options that keep the JVM from printing anything about an archive it cannot use: that may only cost speed. */
    List<String> quietOptions() {
        return quietOptions;
    }

    /** Whether the JVM archives a jar's classes only when the jar's path reads the same as a {@code file:} URI. */
    boolean archivesOnlyUriPlainClassPaths() {
        return archivesOnlyUriPlainClassPaths;
    }
}
