package dev.pyjar.runtime;

import org.graalvm.polyglot.Context;

/**
 * What makes the app's context the whole process, as CPython is for {@code python3 -m app}, rather
 * than a guest in someone's JVM (GraalPy's defaults, right for embedders).
 */
final class WholeProcess {
    private static final String POSIX_BACKEND_PROPERTY = "polyglot.python.PosixModuleBackend";

    private WholeProcess() {}

    static Context.Builder configure(Context.Builder builder) {
        // Ctrl-C raises KeyboardInterrupt in the main thread; signal.signal() handlers run there.
        builder.option("python.InstallSignalHandlers", "true");
        // The operating system's own calls rather than Java's emulation: getppid, getpgrp, geteuid,
        // kill, real file descriptors 0-2 for the standard streams (a true isatty, BrokenPipeError on
        // a closed pipe). See benchmarks/README.md for what it costs at start-up. A user who names
        // a backend (-Dpolyglot.python.PosixModuleBackend=java where native libraries cannot load)
        // gets that one.
        if (System.getProperty(POSIX_BACKEND_PROPERTY) == null) {
            builder.option("python.PosixModuleBackend", "native");
        }
        // zlib, bz2 and lzma through GraalPy's native support libraries: Java's backend has zlib
        // only, and bz2.compress() ended in an internal NullPointerException there.
        builder.option("python.CompressionModulesBackend", "native");
        // The native POSIX backend warns, at every start, that the standard streams are then file descriptors 0-2
        // whatever the embedder set: here, exactly what is wanted.
        builder.option("log.python.level", "SEVERE");
        return builder;
    }

    /**
     * Gives the signals the operating system's default action, as a CPython process has it,
     * where the JVM would otherwise run its shutdown hooks and exit with 128 + the number.
     */
    static void takeDefaultSignalActions() {
        ProcessSignals.restoreDefaultActions("TERM", "HUP");
    }
}
