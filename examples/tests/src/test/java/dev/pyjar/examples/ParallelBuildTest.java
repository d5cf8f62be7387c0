package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two pyjar projects of one reactor built at once: they share the plugin's GraalPy engine, each with a context of its own. */
class ParallelBuildTest {
    @TempDir
    Path work;

    @Test
    void twoPyjarProjectsBuildInParallel() {
        TestProject reactor = TestProject.copy("reactor", work);
        ProcessRun build = reactor.mvnPackage("", "-T", "2");
        assertEquals(0, build.exitStatus(), build.toString());
        Path alpha = reactor.directory().resolve("alpha");
        Path beta = reactor.directory().resolve("beta");
        assertEquals(new ProcessRun(0, "{\"app\": \"alpha\", \"sum\": 45}\n", ""),
                ProcessRun.javaJar(alpha.resolve("target/alpha.jar"), work));
        assertEquals(new ProcessRun(0, "beta runs from [...]\n", ""), ProcessRun.javaJar(beta.resolve("target/beta.jar"), work));
    }
}
