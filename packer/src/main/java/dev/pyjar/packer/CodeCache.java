package dev.pyjar.packer;

import dev.pyjar.runtime.internal.AtomicFiles;
import dev.pyjar.runtime.internal.ContentHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Compiled code from earlier builds, kept by content under {@code target/}: an entry's name is the
 * hash of everything its code depends on (the compiling GraalPy's runtime tag, the optimize level,
 * the file name compiled into the code, the source bytes), so an entry can only ever be found by
 * the same input, and a new GraalPy or a changed file simply finds nothing. Entries no build of
 * this session used are deleted at the end, so removed modules leave nothing behind.
 *
 * <p>An entry is {@code [code length, 4 bytes big-endian][code][source as UTF-8]}; one that is
 * short or unreadable counts as a miss and is rewritten.
 */
final class CodeCache {
    private final Path directory;
    private final String compilerIdentity;
    private final Set<String> used = new HashSet<>();
    private int hits;
    private int misses;

    /** @param directory where entries live; null for no cache
     *  @param compilerIdentity what, besides the module itself, decides its code: runtime tag and optimize level */
    CodeCache(Path directory, String compilerIdentity) {
        this.directory = directory;
        this.compilerIdentity = compilerIdentity;
    }

    /** The key of a module with this source; null without a cache or when the file cannot be read (the compiler then says why). */
    String key(SourceModule module) {
        if (directory == null) {
            return null;
        }
        try {
            return new ContentHash().add(compilerIdentity).add(module.logicalPath()).add(Files.readAllBytes(module.file())).hex();
        } catch (IOException e) {
            return null;
        }
    }

    Optional<CompiledModule> lookup(SourceModule module, String key) {
        if (key != null) {
            used.add(key);
            try {
                byte[] entry = Files.readAllBytes(directory.resolve(key));
                int codeLength = entry.length < Integer.BYTES ? -1 : ByteBuffer.wrap(entry).getInt();
                if (codeLength >= 0 && codeLength <= entry.length - Integer.BYTES) {
                    hits++;
                    return Optional.of(new CompiledModule(module, Arrays.copyOfRange(entry, Integer.BYTES, Integer.BYTES + codeLength),
                            Arrays.copyOfRange(entry, Integer.BYTES + codeLength, entry.length)));
                }
            } catch (IOException e) {
                // Not there or unreadable: compile it.
            }
        }
        misses++;
        return Optional.empty();
    }

    /** Stores an entry; a cache that cannot be written only costs the next build time. */
    void store(String key, CompiledModule compiled) {
        if (key == null) {
            return;
        }
        ByteBuffer entry = ByteBuffer.allocate(Integer.BYTES + compiled.code().length + compiled.source().length)
                .putInt(compiled.code().length).put(compiled.code()).put(compiled.source());
        try {
            // A build killed mid-write leaves a stray partial file, never a short entry.
            AtomicFiles.write(directory.resolve(key), file -> Files.write(file, entry.array()));
        } catch (IOException e) {
            // Next build compiles it again.
        }
    }

    int hits() {
        return hits;
    }

    int misses() {
        return misses;
    }

    /** Deletes the entries this build did not use: modules that were removed or changed, code of another GraalPy. */
    void removeUnused() {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (!used.contains(entry.getFileName().toString())) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException e) {
            // Left-over entries cost disk space only.
        }
    }
}
