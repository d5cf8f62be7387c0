package dev.pyjar.bench;

import dev.pyjar.runtime.PythonPack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The import phase of one workload, in contexts of one engine, so that context start-up is out of
 * the picture: GraalPy reading the standard library from its files, pyjar serving it from the
 * pack, and pyjar with every code object already unmarshalled (the floor pyjar's own work sits
 * on). Also the first against later contexts, and where pyjar's time goes. The 20-package
 * workload less {@code sqlite3}: its native module loads into one context per process only
 * (unless every context sets {@code python.IsolateNativeModules}). Run it with an
 * executable pyjar jar as the class path (it holds GraalPy, the runtime and the pack):
 *
 * <pre>java -XX:TieredStopAtLevel=1 -cp app.jar:benchmarks/target/classes dev.pyjar.bench.ImportPhase app.jar [rounds]</pre>
 */
public final class ImportPhase {
    private static final int DISK = 0;
    private static final int PYJAR = 1;
    private static final int FLOOR = 2;
    private static final String WORKLOAD = "json argparse logging email.parser http.client urllib.request decimal datetime"
            + " collections re typing dataclasses pathlib subprocess textwrap csv xml.etree.ElementTree unittest asyncio";

    private static final String TIME_IMPORTS = """
            import time, sys
            _t = time.perf_counter()
            for _m in WORKLOAD.split():
                __import__(_m)
            (time.perf_counter() - _t, len(sys.modules))
            """;

    /** Serves every packed module from code objects unmarshalled before the clock starts. */
    static final String PRELOAD = """
            import sys, _pyjar
            _imp = sys.meta_path[0]
            _pre = {}
            for _name in PACKED.split():
                _spec = _imp.find_spec(_name)
                if _spec is not None and _spec.loader is _imp:
                    _pre[_name] = _imp._code(_name, _spec.loader_state, _spec.origin)
            # A module the workload tried and failed to import (dbm.ndbm, say) is not preloaded: it fails as before.
            _exec = _imp.exec_module
            _imp.exec_module = lambda m: exec(_pre[m.__spec__.name], m.__dict__) if m.__spec__.name in _pre else _exec(m)
            """;

    /** The modules of sys.modules that the pack served, space-separated. */
    static final String PACKED_MODULES = "' '.join(n for n, m in list(sys.modules.items())"
            + " if type(getattr(getattr(m, '__spec__', None), 'loader', None)).__name__ == 'PackedImporter')";

    /** Wraps the importer's steps with timers; the wrappers cost time too, so only the shares count. */
    private static final String INSTRUMENT = """
            import sys, time, _pyjar
            _imp = sys.meta_path[0]
            STEPS = {'find_spec': 0.0, 'blob slice': 0.0, 'marshal.loads': 0.0}
            def _timed(step, function):
                def timed(*args):
                    t = time.perf_counter()
                    try:
                        return function(*args)
                    finally:
                        STEPS[step] += time.perf_counter() - t
                return timed
            _imp.find_spec = _timed('find_spec', _imp.find_spec)
            _imp._blob = _timed('blob slice', _imp._blob)
            _loads = _pyjar.marshal.loads
            _pyjar.marshal = type('marshal', (), {'loads': staticmethod(_timed('marshal.loads', _loads))})
            """;

    private ImportPhase() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        PythonPack pack = PythonPack.openJar(jar);
        try (Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build()) {
            String packed = packedModules(pack, engine);
            String preload = PRELOAD.replace("PACKED", "'" + packed + "'");
            List<Supplier<Double>> ways = List.of(
                    () -> importPhase(Context.newBuilder("python").engine(engine).allowIO(IOAccess.ALL).build(), ""),
                    () -> importPhase(withPack(pack, engine), ""),
                    () -> importPhase(withPack(pack, engine), preload));
            List<double[]> results = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                // The order turns each round, so that no way always inherits the same predecessor's garbage.
                double[] seconds = new double[ways.size()];
                for (int i = 0; i < ways.size(); i++) {
                    int way = (i + round) % ways.size();
                    seconds[way] = ways.get(way).get();
                }
                results.add(seconds);
            }
            double disk = median(results, r -> r[DISK]);
            double pyjar = median(results, r -> r[PYJAR]);
            double floor = median(results, r -> r[FLOOR]);
            System.out.printf(Locale.ROOT, "workload: import %s%n", WORKLOAD);
            System.out.printf(Locale.ROOT, "import phase, median of %d rounds after a warm-up context (s; ratios: median of per-round ratios):%n", rounds);
            System.out.printf(Locale.ROOT, "  GraalPy, standard library from its files (no pyc): %.3f%n", disk);
            System.out.printf(Locale.ROOT, "  pyjar, from the pack:                              %.3f  (%.2f x files)%n",
                    pyjar, median(results, r -> r[PYJAR] / r[DISK]));
            System.out.printf(Locale.ROOT, "  floor, code objects unmarshalled beforehand:       %.3f  (import overhead %.2f)%n",
                    floor, median(results, r -> r[PYJAR] / r[FLOOR]));
            breakdown(pack, engine);
        }
    }

    /** Runs the workload once in a first context (it warms the engine) and returns what it took from the pack. */
    private static String packedModules(PythonPack pack, Engine engine) {
        try (Context context = withPack(pack, engine)) {
            double[] first = measure(context, "");
            System.out.printf(Locale.ROOT, "first context on the engine: import phase %.3f s, %d modules loaded%n", first[0], (int) first[1]);
            return context.eval("python", PACKED_MODULES).asString();
        }
    }

    private static void breakdown(PythonPack pack, Engine engine) {
        try (Context context = withPack(pack, engine)) {
            context.eval("python", INSTRUMENT);
            double total = measure(context, "")[0];
            Value steps = context.eval("python", "STEPS");
            System.out.printf(Locale.ROOT, "where pyjar's import phase goes (instrumented run, %.3f s):%n", total);
            for (String step : List.of("find_spec", "blob slice", "marshal.loads")) {
                double seconds = steps.getHashValue(step).asDouble();
                System.out.printf(Locale.ROOT, "  %-14s %.3f s  %4.1f %%%n", step, seconds, 100 * seconds / total);
            }
            System.out.println("  the rest: importlib's own steps and executing module bodies");
        }
    }

    private static Context withPack(PythonPack pack, Engine engine) {
        Context context = pack.contextBuilder(engine).build();
        pack.installInto(context);
        return context;
    }

    /** Seconds the workload's imports took in a fresh context, which is closed afterwards. */
    private static double importPhase(Context context, String setup) {
        try (context) {
            return measure(context, setup)[0];
        }
    }

    /** Seconds the workload's imports took, and how many modules were loaded after them. */
    private static double[] measure(Context context, String setup) {
        context.eval("python", "WORKLOAD = '" + WORKLOAD + "'");
        if (!setup.isEmpty()) {
            context.eval("python", setup);
        }
        Value result = context.eval("python", TIME_IMPORTS);
        return new double[] {result.getArrayElement(0).asDouble(), result.getArrayElement(1).asDouble()};
    }

    static double median(List<double[]> rounds, ToDoubleFunction<double[]> value) {
        double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
