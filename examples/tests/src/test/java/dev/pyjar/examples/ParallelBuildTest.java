package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two pyjar projects of one reactor built at once ({@code -T 2C}): they share the plugin's GraalPy engine, each with a context of its own. */
class ParallelBuildTest {
    @TempDir
    Path work;

    @Test
    void twoPyjarProjectsBuildInParallel() throws IOException {
        TestProject reactor = TestProject.copy("reactor", work);
        ProcessRun build = reactor.mvnPackage("", "-T", "2C");
        assertEquals(0, build.exitStatus(), build.toString());
        Path alpha = reactor.directory().resolve("alpha");
        Path beta = reactor.directory().resolve("beta");
        assertEquals(new ProcessRun(0, "{\"app\": \"alpha\", \"sum\": 45}\n", ""),
                ProcessRun.javaJar(alpha.resolve("target/alpha.jar"), work));
        assertEquals(new ProcessRun(0, "beta runs from [...]\n", ""), ProcessRun.javaJar(beta.resolve("target/beta.jar"), work));
        // alpha keeps only linux-x86_64's natives (its pom's pyjar.platforms), beta every platform's.
        assertEquals(List.of("linux/amd64"), platformsWithNatives(alpha.resolve("target/alpha.jar")));
        assertEquals(List.of("darwin/aarch64", "linux/aarch64", "linux/amd64", "windows/amd64"),
                platformsWithNatives(beta.resolve("target/beta.jar")));
    }

    /** The {@code <os>/<arch>} directories of GraalPy's native resources in the jar. */
    private static List<String> platformsWithNatives(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(name -> name.matches("META-INF/resources/[a-z]+/[a-z0-9]+/native\\.files"))
                    .map(name -> name.substring("META-INF/resources/".length(), name.length() - "/native.files".length()))
                    .sorted().toList();
        }
    }
}
