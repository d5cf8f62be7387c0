package dev.pyjar.runtime;

import dev.pyjar.pack.PackProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;

/**
 * Whether a warm server's runs may load GraalPy's native standard library modules ({@code sqlite3}'s
 * {@code _sqlite3}, XML parsing's {@code pyexpat}). GraalPy loads such a library into one context
 * per process, unless every context of the process sets {@code python.IsolateNativeModules}: each
 * context then loads copies of it and of GraalPy's C API library, renamed with {@code patchelf}.
 * Where the build allows it ({@code warmStartNativeIsolation}: GraalPy calls the option
 * experimental, and a server that had loaded them in some 750 contexts crashed in native code)
 * and {@code patchelf} is on the server's PATH (the PATH of the client that started it), the
 * server isolates them; otherwise its runs refuse them with an ImportError that says why, and
 * the clients of apps whose build saw them run cold ({@link WarmStart#wanted}). {@code termios} is
 * refused either way: it would control the server's descriptors, not the client's terminal.
 *
 * @param patchelf where {@code patchelf} is, or null
 */
record NativeModuleIsolation(Path patchelf) {
    private static final String PATCHELF = "patchelf";
    private static final List<String> ISOLATED = List.of("_sqlite3", "pyexpat");
    private static final List<String> NEVER = List.of("termios");

    /** As the build allows ({@link PackProperties#WARM_START_NATIVE_ISOLATION}) and this process's PATH. */
    static NativeModuleIsolation of(PythonPack pack) {
        boolean allowed = "true".equals(pack.reader().properties().get(PackProperties.WARM_START_NATIVE_ISOLATION));
        return new NativeModuleIsolation(allowed ? Detached.onPath(PATCHELF).map(Path::of).orElse(null) : null);
    }

    /** Whether this process's PATH has {@code patchelf}: a client's question, answered as its server would. */
    static boolean available() {
        return Detached.onPath(PATCHELF).isPresent();
    }

    boolean on() {
        return patchelf != null;
    }

    /** Sets a context up to load its own copies of native modules, where it can. */
    void configure(Context.Builder builder) {
        if (patchelf != null) {
            // GraalPy calls the option experimental; it is what GraalPy offers for many contexts.
            builder.allowExperimentalOptions(true)
                    .option("python.IsolateNativeModules", "true")
                    // GraalPy looks for patchelf on the PATH the context was built with, which
                    // holds nothing else here: a run's own PATH is in os.environ (begin_run).
                    .environment("PATH", patchelf.getParent().toString());
        }
    }

    /** The native modules runs may not load, for {@code _pyjar_warm.native_modules}. */
    List<String> refused() {
        if (patchelf != null) {
            return NEVER;
        }
        return Stream.concat(ISOLATED.stream(), NEVER.stream()).toList();
    }
}
