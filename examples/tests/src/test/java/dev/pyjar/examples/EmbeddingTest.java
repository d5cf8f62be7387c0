package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pyjar.runtime.PythonPack;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

/** A Java application using a pyjar-built jar's pack through the embedding API. */
class EmbeddingTest {
    private static final Path WORDFREQ = Path.of(System.getProperty("pyjar.examples"), "wordfreq/target/wordfreq.jar");

    @Test
    void contextsOnOneEngineShareOnePackFoundOnTheClassPath() throws Exception {
        PythonPack pack;
        try (URLClassLoader application = new URLClassLoader(new URL[] {WORDFREQ.toUri().toURL()}, null)) {
            pack = PythonPack.fromClassPath(application);
        }
        assertEquals(WORDFREQ.toAbsolutePath(), pack.archive());
        assertEquals("wordfreq.cli:main", pack.mainTarget().orElseThrow());
        try (Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build()) {
            for (int round = 0; round < 2; round++) {
                try (Context context = pack.contextBuilder(engine).build()) {
                    pack.installInto(context);
                    String counted = context.eval("python", """
                            from wordfreq.counting import most_common
                            from wordfreq.text.stopwords import load_stopwords
                            str(most_common(["the Cat and the cat"], 5, load_stopwords()))
                            """).asString();
                    assertEquals("[('cat', 2)]", counted);
                }
            }
        }
    }
}
