import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;

/**
 * Runs a Python script in GraalPy loaded from an app's jar and lists every ICU data file GraalPy
 * reads while it runs: the check behind the packer's IcuData (benchmarks/README.md, "Jar size").
 *
 * <pre>
 * javac -cp app.jar -d /tmp/probe benchmarks/size/IcuProbe.java
 * java -cp /tmp/probe IcuProbe app.jar benchmarks/size/icu_probe.py icu-files.txt > results.txt
 * </pre>
 * Run it on a jar with all ICU data and on one without what IcuData leaves out: the results must
 * be the same, and the file lists too.
 */
public class IcuProbe extends URLClassLoader {
    private static final Set<String> READ = Collections.synchronizedSet(new TreeSet<>());

    private IcuProbe(URL[] urls) {
        super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    public URL findResource(String name) {
        note(name);
        return super.findResource(name);
    }

    @Override
    public Enumeration<URL> findResources(String name) throws java.io.IOException {
        note(name);
        return super.findResources(name);
    }

    private static void note(String name) {
        if (name.contains("/icudata/")) {
            READ.add(name);
        }
    }

    public static void main(String[] args) throws Exception {
        URL probeClasses = IcuProbe.class.getProtectionDomain().getCodeSource().getLocation();
        try (IcuProbe loader = new IcuProbe(new URL[] {Path.of(args[0]).toUri().toURL(), probeClasses})) {
            Thread.currentThread().setContextClassLoader(loader);
            loader.loadClass(IcuProbe.class.getName()).getMethod("run", String.class).invoke(null, args[1]);
        }
        Files.write(Path.of(args[2]), READ);
    }

    /** Called in the jar's class loader, so that GraalPy's resource reads go through {@link #findResource}. */
    public static void run(String script) throws Exception {
        try (Context context = Context.newBuilder("python").allowAllAccess(true).option("engine.WarnInterpreterOnly", "false").build()) {
            context.eval(Source.newBuilder("python", new java.io.File(script)).build());
        }
    }
}
