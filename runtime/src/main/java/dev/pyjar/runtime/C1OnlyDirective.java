package dev.pyjar.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps this JVM's JIT compiler at C1 from now on, the part of the tuned JVM's flags that a JVM
 * already running can still take: a compiler directive (the {@code Compiler.directives_add}
 * diagnostic command, reached through its platform MBean) excludes every method from C2, and
 * HotSpot then compiles hot methods with C1 alone. On two cores C2's compilations took more CPU
 * than the Python interpreter they were meant to speed up; see benchmarks/README.md for the
 * measured effect. Like the tuned JVM's {@code -XX:TieredStopAtLevel=1}, this trades peak speed
 * in a long run for start-up.
 *
 * <p>A JVM without the diagnostic MBean ({@code jdk.management}), without a writable temporary
 * directory for the directive's file, or whose JIT is not tiered up to C2 (C2 alone, already
 * C1 alone, or no JIT) is left as it is.
 */
final class C1OnlyDirective {
    private static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";

    private C1OnlyDirective() {}

    /** Adds the directive where it helps; where it cannot, the run only goes without it. */
    static void add() {
        try {
            if (tieredUpToC2()) {
                addDirective();
            }
        } catch (IOException | JMException | RuntimeException | LinkageError e) {
            // No diagnostic commands, no temporary file: the JIT stays as it is.
        }
    }

    /** Excluding C2 from a JVM that has no C1 would leave every method interpreted. */
    private static boolean tieredUpToC2() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return Boolean.parseBoolean(vm.getVMOption("UseCompiler").getValue())
                && Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())
                && Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) == 4;
    }

    private static void addDirective() throws IOException, JMException {
        // The diagnostic command reads its directives from a file only.
        Path file = Files.createTempFile("pyjar-c1-only", ".json");
        try {
            Files.writeString(file, DIRECTIVE);
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
