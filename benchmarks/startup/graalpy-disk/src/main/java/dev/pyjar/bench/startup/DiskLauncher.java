package dev.pyjar.bench.startup;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;

/**
 * "GraalPy from files on disk": the plainest way to embed GraalPy. One context over the stock Maven
 * artifacts; the standard library comes from GraalPy's own unpacked python-home, the app and its
 * packages from directories on {@code python.PythonPath}.
 *
 * <pre>java -jar graalpy-disk.jar PYTHONPATH PYCACHE SCRIPT [ARGS...]</pre>
 *
 * PYCACHE is {@code none} (no .pyc read or written, as an embedded context does by default) or a
 * directory that .pyc files are written to and read from ({@code python.PyCachePrefix}), so that
 * "warm pyc" runs never touch the shared python-home or the project's sources.
 */
public final class DiskLauncher {
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: DiskLauncher PYTHONPATH none|PYCACHE_DIR SCRIPT [ARGS...]");
            System.exit(2);
        }
        String pythonPath = args[0];
        String pycache = args[1];
        File script = new File(args[2]);
        String[] argv = Arrays.copyOfRange(args, 2, args.length);

        Context.Builder builder = Context.newBuilder("python")
                .allowAllAccess(true)
                .allowExperimentalOptions(true)
                .option("engine.WarnInterpreterOnly", "false")
                .option("python.PythonPath", pythonPath)
                .arguments("python", argv);
        if (pycache.equals("none")) {
            builder.option("python.DontWriteBytecodeFlag", "true");
            // A prefix that holds nothing: no stray __pycache__ is ever read either.
            builder.option("python.PyCachePrefix", new File(script.getParentFile(), ".no-pycache").getAbsolutePath());
        } else {
            builder.option("python.DontWriteBytecodeFlag", "false");
            builder.option("python.PyCachePrefix", new File(pycache).getAbsolutePath());
        }
        try (Context context = builder.build()) {
            context.eval(Source.newBuilder("python", script).name("__main__").build());
        }
        // A failed workload leaves main by its PolyglotException (exit status 1, which hyperfine
        // reports); a finished one exits at once rather than wait for the engine's threads.
        System.exit(0);
    }
}
