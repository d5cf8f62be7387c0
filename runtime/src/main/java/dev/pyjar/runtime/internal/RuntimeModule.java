package dev.pyjar.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * pyjar's own Python modules. Their sources ship in the runtime jar, and the packer packs a compiled
 * copy of each into every pack, because compiling them when a context starts costs far more than
 * unmarshalling them while GraalPy's parser is cold (see benchmarks/README.md). A packed copy is
 * used only when it was compiled from exactly this source for the running GraalPy.
 */
public enum RuntimeModule {
    /** The importer, installed into every context that uses a pack. */
    IMPORTER("_pyjar"),
    /** What {@code java -jar} runs the app's main with, as {@code python -m} would. */
    MAIN_RUNNER("_pyjar_main"),
    /** What a warm-start server's runs add: a prepared context made the run's, per-run signal dispositions, native module refusal. */
    WARM_RUN("_pyjar_warm"),
    /** Imports a warm-start server's contexts make before their runs, kept out of the runs' sight until they import them. */
    IMPORT_AHEAD("_pyjar_ahead");

    private final String moduleName;

    RuntimeModule(String moduleName) {
        this.moduleName = moduleName;
    }

    /** The module's name, reserved: an app cannot pack a module of its own under it. */
    public String moduleName() {
        return moduleName;
    }

    /** Its {@code __file__} and the file name its code carries. */
    public String fileName() {
        return "<pyjar>/" + moduleName + ".py";
    }

    /** The module's source, as this runtime jar ships it. */
    public byte[] source() {
        String resource = moduleName + ".py";
        try (InputStream in = RuntimeModule.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the pyjar runtime jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
