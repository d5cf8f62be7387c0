package dev.pyjar.packer;

import dev.pyjar.runtime.internal.AtomicFiles;
import dev.pyjar.runtime.internal.JarUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * What the build asks GraalPy besides compiling (its runtime tag, extension suffixes, which modules
 * it has frozen), remembered in a file next to the code cache. A rebuild whose modules all come
 * from the cache then never starts a Python context, which costs seconds.
 *
 * <p>The answers belong to one GraalPy: the file is only believed while the jar holding GraalPy's
 * language (its path, which names the version, its size and modification time) is the same.
 */
final class GraalPyFacts {
    private static final String IDENTITY = "graalpy";
    private static final String LANGUAGE_CLASS = "com/oracle/graal/python/PythonLanguage.class";

    private final Path file;
    private final Properties known = new Properties();
    private boolean changed;

    private GraalPyFacts(Path file) {
        this.file = file;
    }

    /** The facts remembered in {@code file} (null: remember nothing), if they are about this GraalPy. */
    static GraalPyFacts load(Path file) {
        GraalPyFacts facts = new GraalPyFacts(file);
        Optional<String> identity = identity();
        if (file == null || identity.isEmpty()) {
            return facts;
        }
        Properties stored = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            stored.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // Nothing remembered yet, or an unreadable file: ask GraalPy again.
        }
        if (identity.get().equals(stored.getProperty(IDENTITY))) {
            facts.known.putAll(stored);
        } else {
            facts.known.setProperty(IDENTITY, identity.get());
            facts.changed = true;
        }
        return facts;
    }

    /** The remembered answer, or {@code ask}'s, which is remembered. */
    String get(String question, Supplier<String> ask) {
        String answer = known.getProperty(question);
        if (answer == null) {
            answer = ask.get();
            known.setProperty(question, answer);
            changed = true;
        }
        return answer;
    }

    /** Writes new answers down; a file that cannot be written only costs the next build a context. */
    void save() {
        if (!changed || file == null || !known.containsKey(IDENTITY)) {
            return;
        }
        try {
            AtomicFiles.write(file, partial -> {
                try (OutputStream out = Files.newOutputStream(partial)) {
                    known.store(out, "what pyjar asked GraalPy; delete freely");
                }
            });
            changed = false;
        } catch (IOException e) {
            // Asked again next time.
        }
    }

    private static Optional<String> identity() {
        URL language = GraalPyFacts.class.getClassLoader().getResource(LANGUAGE_CLASS);
        return (language == null ? Optional.<Path>empty() : JarUrls.jarOf(language)).flatMap(jar -> {
            try {
                return Optional.of(jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }
}
