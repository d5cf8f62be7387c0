package dev.pyjar.runtime.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that a reader never sees half of one: the content goes to a file of its own
 * beside the target, which is then renamed over the target in one step. A writer killed half-way
 * leaves a stray {@code .partial} file, never a short target; concurrent writers of one target each
 * write their own partial file and the last rename wins.
 */
public final class AtomicFiles {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AtomicFiles() {}

    /** What goes into the file: written to the path given, which does not exist yet. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    /** Writes {@code content} to {@code target}, creating its directory if needed. */
    public static void write(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path partial = partialFile(target);
        try {
            content.writeTo(partial);
            publish(partial, target);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** A fresh name beside {@code target} for a file that {@link #publish} will rename to it. */
    public static Path partialFile(Path target) {
        return target.toAbsolutePath().resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid()
                + "-" + SEQUENCE.incrementAndGet() + ".partial");
    }

    /** Renames a completely written file over {@code target}, atomically where the file system can. */
    public static void publish(Path written, Path target) throws IOException {
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
