package dev.pyjar.runtime;

import org.graalvm.polyglot.Context;

/**
 * What makes the app's context the whole process, as CPython is for {@code python3 -m app}, rather
 * than a guest in someone's JVM (GraalPy's defaults, right for embedders).
 */
final class WholeProcess {
    private WholeProcess() {}

    /**
     * The options; {@code nativeLibraries} says whether GraalPy can load its native libraries
     * (it cannot without a writable place to unpack them, see {@link GraalPyResourceCache}): without
     * them the POSIX and compression modules stay on GraalPy's Java backends.
     */
    static Context.Builder configure(Context.Builder builder, boolean nativeLibraries) {
        // Ctrl-C raises KeyboardInterrupt in the main thread; signal.signal() handlers run there.
        option(builder, "python.InstallSignalHandlers", "true");
        // GraalPy's multiprocessing runs workers in inner contexts created with language options.
        builder.allowInnerContextOptions(true);
        // The operating system's own calls rather than Java's emulation: getppid, getpgrp, geteuid,
        // kill, real file descriptors 0-2 for the standard streams (a true isatty, BrokenPipeError on
        // a closed pipe). See benchmarks/README.md for what it costs at start-up.
        // zlib, bz2 and lzma through GraalPy's native support libraries: Java's backend has zlib
        // only, and bz2.compress() ended in an internal NullPointerException there.
        if (nativeLibraries) {
            option(builder, "python.PosixModuleBackend", "native");
            option(builder, "python.CompressionModulesBackend", "native");
        }
        // The native POSIX backend warns, at every start, that the standard streams are then file
        // descriptors 0-2 whatever the embedder set: here, exactly what is wanted.
        builder.option("log.python.level", "SEVERE");
        return builder;
    }

    /**
     * Sets a GraalPy option unless the user named it (-Dpolyglot.python.PosixModuleBackend=java
     * where native libraries cannot be loaded, say): the builder's options win over those.
     */
    private static void option(Context.Builder builder, String key, String value) {
        if (System.getProperty("polyglot." + key) == null) {
            builder.option(key, value);
        }
    }

    /**
     * Gives the signals the operating system's default action, as a CPython process has it,
     * where the JVM would otherwise run its shutdown hooks and exit with 128 + the number.
     */
    static void takeDefaultSignalActions() {
        ProcessSignals.restoreDefaultActions("TERM", "HUP");
    }
}
