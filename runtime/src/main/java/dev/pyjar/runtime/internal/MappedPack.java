package dev.pyjar.runtime.internal;

import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackReader;
import java.nio.file.Path;

/**
 * A pack mapped into memory, and where its bytes lie: what the importer needs of a
 * {@code PythonPack}, without the API around it.
 *
 * @param archive the file the pack was opened from; packed modules' {@code __file__} lie below it
 * @param mappedFile the file the bytes are mapped from: the archive, or a copy when a tool
 *     recompressed the jar's entry
 * @param offset where the pack starts in {@code mappedFile}
 * @param length the pack's size in bytes
 * @param reader the reader over the mapping
 */
public record MappedPack(Path archive, Path mappedFile, long offset, int length, PackReader reader) {
    /** The optimization level the pack's code was compiled with, as {@code python -O} (1) or {@code -OO} (2). */
    public int optimizeLevel() {
        try {
            return Integer.parseInt(reader.properties().getOrDefault(PackProperties.OPTIMIZE, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
