package dev.pyjar.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;

/**
 * How a warm server readies its spare contexts: each is built and initialised as soon as the
 * last one is taken ({@link WarmContext#prepare}); once the runs before it have ended, it imports
 * ahead the standard library and third-party modules they imported ({@link ImportForecast}),
 * which the next run then finds done. A context in which an import had to be left to the run is not used: that
 * import may have left traces in it. Its run gets a context prepared anew, and the forecast no
 * longer names the module.
 */
final class SparePreparation implements RunThreads.Preparation<WarmContext> {
    private final PythonPack pack;
    private final Engine engine;
    private final Path executable;
    private final NativeModuleIsolation isolation;
    private final ImportForecast forecast;
    private final Runnable busy;

    /** {@code busy}: told when imports ahead end, which allocated as much as a run does. */
    SparePreparation(PythonPack pack, Engine engine, Path executable, NativeModuleIsolation isolation, ImportForecast forecast,
                     Runnable busy) {
        this.pack = pack;
        this.engine = engine;
        this.executable = executable;
        this.isolation = isolation;
        this.forecast = forecast;
        this.busy = busy;
    }

    @Override
    public WarmContext prepare() {
        return WarmContext.prepare(pack, engine, executable, isolation);
    }

    @Override
    public WarmContext ahead(WarmContext prepared) {
        List<String> modules = forecast.modules();
        if (modules.isEmpty()) {
            return prepared;
        }
        try {
            return importAhead(prepared, modules);
        } finally {
            busy.run();
        }
    }

    private WarmContext importAhead(WarmContext prepared, List<String> modules) {
        try {
            Map<String, String> refused = prepared.importAhead(modules);
            if (refused.isEmpty()) {
                return prepared;
            }
            // The server's log says why, for whoever wonders why a run is not as fast as the others.
            refused.forEach((module, why) -> System.err.println("pyjar: warm-start server: runs import " + module + " themselves: " + why));
            forecast.refuse(refused.keySet());
        } catch (PolyglotException e) {
            System.err.println("pyjar: warm-start server: modules could not be imported ahead; runs import them themselves: " + e);
            forecast.refuse(modules);
        }
        prepared.discard();
        return prepare();
    }
}
