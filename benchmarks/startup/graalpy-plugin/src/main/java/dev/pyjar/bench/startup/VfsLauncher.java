package dev.pyjar.bench.startup;

import org.graalvm.polyglot.Context;
import org.graalvm.python.embedding.GraalPyResources;

/**
 * GraalPy's own way to ship Python in a jar: the graalpy-maven-plugin puts the app's files (and
 * Pygments) under the jar's {@code org.graalvm.python.vfs/src}, and {@link GraalPyResources} builds
 * a context whose Python sees them through the VirtualFileSystem. Nothing else is changed from
 * GraalPy's defaults.
 *
 * <pre>java -jar graalpy-plugin.jar WORKLOAD [ARGS...]</pre>
 */
public final class VfsLauncher {
    public static void main(String[] args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "bench.py";
        System.arraycopy(args, 0, argv, 1, args.length);
        try (Context context = GraalPyResources.contextBuilder()
                .option("engine.WarnInterpreterOnly", "false")
                .arguments("python", argv)
                .build()) {
            // bench.py does its work at the top level: importing it runs the workload.
            context.eval("python", "import bench");
        }
        // Exits as DiskLauncher does.
        System.exit(0);
    }
}
