package dev.pyjar.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Waits for what the background archive step leaves in a pyjar cache directory: the tuned JVM's
 * class-data archives are made after the run that needed them has ended.
 */
final class ArchiveWait {
    /** Far more than a dump takes on a loaded machine; only a step that never finishes reaches it. */
    private static final long TIMEOUT_MILLIS = 4 * 60_000;

    private ArchiveWait() {}

    /** The class-data archives in the cache, sorted. */
    static List<Path> archives(Path cache) {
        return files(cache, name -> name.endsWith(".jsa") || name.endsWith(".aot"));
    }

    /** Temporary files: class lists being recorded or waiting for a build, archives being dumped. */
    static List<Path> temporaries(Path cache) {
        return files(cache, name -> name.endsWith(".tmp") || name.endsWith(".classlist"));
    }

    static Path forOne(Path cache) {
        return forCount(cache, 1).get(0);
    }

    static List<Path> forCount(Path cache, int count) {
        return until(cache, archives -> archives.size() == count);
    }

    /** Waits until the archives satisfy {@code done} and no build is under way any more. */
    static List<Path> until(Path cache, Predicate<List<Path>> done) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            List<Path> archives = archives(cache);
            if (done.test(archives) && temporaries(cache).isEmpty()) {
                return archives;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the archive step left " + archives + " and " + temporaries(cache));
            }
            sleep();
        }
    }

    /** Waits until no build is under way. */
    static void untilSettled(Path cache) {
        until(cache, archives -> true);
    }

    static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Path> files(Path cache, Predicate<String> name) {
        try (Stream<Path> files = Files.list(cache.resolve("archives"))) {
            return files.filter(file -> name.test(file.getFileName().toString())).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
