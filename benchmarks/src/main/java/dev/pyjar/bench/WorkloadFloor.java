package dev.pyjar.bench;

import dev.pyjar.runtime.PythonPack;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * How far above its floor pyjar runs each start-up workload, in fresh JVMs: the floor is context
 * start-up plus executing the workload's module bodies, with every code object the pack serves it
 * unmarshalled before the clock starts (as {@link ImportPhase} does in contexts of one engine,
 * which cannot hold workloads that load native extension modules: those load into one context per
 * process). Each round starts one JVM per way, in an order that turns each round; each JVM gets
 * this JVM's options, so that the same run can be read with default flags or with the tuned
 * JVM's. Run it with the start-up benchmark's jar (workloads, Pygments and the standard library
 * packed) as the class path:
 *
 * <pre>java -cp pyjar-bench.jar:benchmarks/target/classes dev.pyjar.bench.WorkloadFloor pyjar-bench.jar rounds workload [argument]</pre>
 */
public final class WorkloadFloor {
    private static final String CHILD = "--child";
    private static final List<String> WAYS = List.of("pyjar", "floor");

    /** The workload, run as bench.py runs it, timed; {@code ARGS} becomes its arguments. */
    private static final String RUN = """
            import sys, time
            sys.argv = ['bench.py'] + ARGS
            _t = time.perf_counter()
            __import__('wl_' + ARGS[0])
            time.perf_counter() - _t
            """;

    private WorkloadFloor() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals(CHILD)) {
            child(args[1], Path.of(args[2]), Path.of(args[3]), List.of(args).subList(4, args.length));
            return;
        }
        Path jar = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<String> workload = List.of(args).subList(2, args.length);
        Path modules = Files.createTempFile("pyjar-floor", ".txt");
        try {
            // The first run, untimed, warms the page cache and names the modules the pack serves.
            runChild("discover", jar, modules, workload);
            List<double[]> results = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double[][] seconds = new double[WAYS.size()][];
                for (int i = 0; i < WAYS.size(); i++) {
                    int way = (i + round) % WAYS.size();
                    seconds[way] = runChild(WAYS.get(way), jar, modules, workload);
                }
                // The floor's context runs pyjar's importer too (it serves the preloaded code), but
                // the floor itself is the bare context plus the bodies: its install time is left out.
                double[] pyjar = seconds[0];
                double[] floor = seconds[1];
                results.add(new double[] {pyjar[0], pyjar[1], pyjar[2], floor[0], floor[2]});
            }
            report(workload, rounds, Files.readString(modules).split(" ").length, results);
        } finally {
            Files.deleteIfExists(modules);
        }
    }

    private static void report(List<String> workload, int rounds, int packed, List<double[]> results) {
        System.out.printf(Locale.ROOT, "workload %s: %d modules from the pack; medians of %d rounds, fresh JVM each, options %s%n",
                String.join(" ", workload), packed, rounds, ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "  context start-up (pack opened, context built):      pyjar %.3f s, floor %.3f s%n",
                ImportPhase.median(results, r -> r[0]), ImportPhase.median(results, r -> r[3]));
        System.out.printf(Locale.ROOT, "  pyjar's importer installed:                         %.3f s%n", ImportPhase.median(results, r -> r[1]));
        System.out.printf(Locale.ROOT, "  workload:                                           pyjar %.3f s, floor %.3f s (code unmarshalled before)%n",
                ImportPhase.median(results, r -> r[2]), ImportPhase.median(results, r -> r[4]));
        System.out.printf(Locale.ROOT, "  workload, pyjar / floor:                            %.2f%n", ImportPhase.median(results, r -> r[2] / r[4]));
        // Against the same JVM's start-up, which differs between JVMs by more than pyjar's own cost.
        System.out.printf(Locale.ROOT, "  pyjar above the floor (start-up + install + workload) / (start-up + floor's workload): %.3f%n",
                ImportPhase.median(results, r -> (r[0] + r[1] + r[2]) / (r[0] + r[4])));
    }

    /** Starts a JVM like this one for one way and returns its {start-up, install, workload} seconds. */
    private static double[] runChild(String way, Path jar, Path modules, List<String> workload) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkloadFloor.class.getName(),
                CHILD, way, jar.toString(), modules.toString()));
        command.addAll(workload);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0 || output.isEmpty()) {
            throw new IllegalStateException(way + " run failed: " + command);
        }
        return Arrays.stream(output.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static void child(String way, Path jar, Path modules, List<String> workload) throws Exception {
        long start = System.nanoTime();
        PythonPack pack = PythonPack.openJar(jar);
        try (Context context = pack.contextBuilder().out(OutputStream.nullOutputStream()).build()) {
            context.initialize("python");
            long built = System.nanoTime();
            pack.installInto(context);
            long installed = System.nanoTime();
            if (way.equals("floor")) {
                context.eval("python", ImportPhase.PRELOAD.replace("PACKED", "'" + Files.readString(modules) + "'"));
            }
            String args = "[" + String.join(", ", workload.stream().map(a -> "'" + a + "'").toList()) + "]";
            Value seconds = context.eval("python", RUN.replace("ARGS", args));
            if (way.equals("discover")) {
                Files.writeString(modules, context.eval("python", ImportPhase.PACKED_MODULES).asString());
            }
            System.out.printf(Locale.ROOT, "%.4f %.4f %.4f%n", (built - start) / 1e9, (installed - built) / 1e9, seconds.asDouble());
        }
    }
}
