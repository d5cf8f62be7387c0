package dev.pyjar.bench;

import dev.pyjar.runtime.PythonPack;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;

/**
 * Memory over many context create/close cycles on one engine and one mapped pack, the way a Java
 * server that runs Python per request would use pyjar: each context imports a few packed modules,
 * then closes. Prints, every {@code step} cycles, the heap used after a full GC and the process's
 * resident set, so a leak per context (a copied pack, a retained module) shows as growth. Run it
 * with an executable pyjar jar as the class path:
 *
 * <pre>java -XX:TieredStopAtLevel=1 -cp app.jar:benchmarks/target/classes dev.pyjar.bench.ContextChurn app.jar [cycles] [step]</pre>
 */
public final class ContextChurn {
    private static final String WORK = "import json, textwrap, dataclasses\njson.dumps({'a': [1, 2]})";

    private ContextChurn() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int step = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        PythonPack pack = PythonPack.openJar(jar);
        System.out.println("cycles\theap after GC (MiB)\tRSS (MiB)\tms per cycle");
        try (Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build()) {
            long start = System.nanoTime();
            for (int cycle = 1; cycle <= cycles; cycle++) {
                try (Context context = pack.contextBuilder(engine).build()) {
                    pack.installInto(context);
                    context.eval("python", WORK);
                }
                if (cycle == 1 || cycle % step == 0) {
                    long now = System.nanoTime();
                    System.out.printf(Locale.ROOT, "%d\t%.1f\t%.1f\t%.0f%n", cycle, heapAfterGc() / 1048576.0,
                            residentSet() / 1048576.0, (now - start) / 1e6 / (cycle == 1 ? 1 : step));
                    start = System.nanoTime();
                }
            }
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process, from Linux's /proc; -1 elsewhere. */
    private static long residentSet() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
