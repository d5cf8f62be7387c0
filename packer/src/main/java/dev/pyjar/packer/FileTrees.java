package dev.pyjar.packer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Build directories made from zip files: emptied, then filled, never written outside themselves. */
final class FileTrees {
    private FileTrees() {}

    /**
     * Empties {@code directory} and unzips into it each file entry that {@code placement} maps to
     * a relative path (null leaves the entry out). An entry that would land outside is refused.
     */
    static void unzip(Path zip, Path directory, UnaryOperator<String> placement) throws IOException, BuildException {
        deleteTree(directory);
        Files.createDirectories(directory);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                String path = entry.isDirectory() ? null : placement.apply(entry.getName());
                if (path == null) {
                    continue;
                }
                Path target = directory.resolve(path).normalize();
                if (!target.startsWith(directory) || target.equals(directory)) {
                    throw new BuildException(zip + ": entry " + entry.getName() + " points outside the directory it unpacks to;"
                            + " the file is damaged or hostile");
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
