package dev.pyjar.runtime.internal;

import dev.pyjar.pack.ModuleEntry;
import dev.pyjar.pack.ModuleKind;
import dev.pyjar.pack.PackFormatException;
import dev.pyjar.pack.PackReader;
import dev.pyjar.pack.ResourceEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes packed files to disk for code that needs real paths: packages that read files next to
 * their {@code __file__}, and native extension modules, which the system's loader can only load
 * from a file. Each set of files lives in {@code <cache>/extracted/<content hash>/}, so it is
 * written once and reused by every run and every jar with the same content.
 *
 * <p>A directory is written under a temporary name, listed in a manifest of paths and sizes, and
 * renamed into place in one step: concurrent first runs never see half a directory, and the
 * loser of the race uses the winner's copy. A directory whose files no longer match its manifest
 * is replaced.
 */
final class ExtractedFiles {
    private static final String MANIFEST = ".pyjar-files";

    private final PackReader reader;
    private final Path cacheDirectory;

    ExtractedFiles(PackReader reader, Path cacheDirectory) {
        this.reader = reader;
        this.cacheDirectory = cacheDirectory;
    }

    /** Extracts a top-level package's sources and data; returns the directory that holds {@code <name>/}. */
    Path extractPackage(String name, String contentHash) throws IOException, PackFormatException {
        Map<String, ByteBuffer> files = new TreeMap<>();
        collectModule(name, files);
        int[] modules = reader.moduleRange(name + ".");
        for (int i = modules[0]; i < modules[1]; i++) {
            collectModule(reader.moduleAt(i).name(), files);
        }
        int[] resources = reader.resourceRange(name + "/");
        for (int i = resources[0]; i < resources[1]; i++) {
            ResourceEntry resource = reader.resourceAt(i);
            files.put(resource.path(), reader.read(resource.data()));
        }
        return materialize(contentHash, files);
    }

    /** Extracts one resource (a native extension module) and returns its file. */
    Path extractResource(String path) throws IOException, PackFormatException {
        ResourceEntry resource = reader.findResource(path)
                .orElseThrow(() -> new PackFormatException("resource " + path + " named by the pack's properties is missing"));
        ByteBuffer data = reader.read(resource.data());
        return materialize(ContentHash.of(data), Map.of(path, data)).resolve(path);
    }

    private void collectModule(String name, Map<String, ByteBuffer> files) throws PackFormatException {
        ModuleEntry module = reader.findModule(name).orElse(null);
        if (module == null || module.kind() == ModuleKind.NAMESPACE_PACKAGE || module.source().isEmpty()) {
            return;
        }
        String path = name.replace('.', '/') + (module.kind() == ModuleKind.PACKAGE ? "/__init__.py" : ".py");
        files.put(path, reader.readSource(module.source().get()));
    }

    private Path materialize(String key, Map<String, ByteBuffer> files) throws IOException {
        if (cacheDirectory == null) {
            throw new IOException("there is no cache directory (no home directory); set " + CacheDirectory.VARIABLE);
        }
        Path target = cacheDirectory.resolve("extracted").resolve(key);
        if (intact(target, files)) {
            return target;
        }
        Path partial;
        try {
            Files.createDirectories(target.getParent());
            partial = Files.createTempDirectory(target.getParent(), key + ".partial-");
        } catch (IOException e) {
            throw new IOException("cannot write to pyjar's cache directory " + cacheDirectory + " (" + e
                    + "); set " + CacheDirectory.VARIABLE + " or XDG_CACHE_HOME to a writable directory", e);
        }
        try {
            StringBuilder manifest = new StringBuilder();
            for (Map.Entry<String, ByteBuffer> file : files.entrySet()) {
                Path path = partial.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer data = file.getValue().duplicate();
                    while (data.hasRemaining()) {
                        out.write(data);
                    }
                }
                manifest.append(file.getValue().remaining()).append('\t').append(file.getKey()).append('\n');
            }
            Files.writeString(partial.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
            if (Files.exists(target) && !intact(target, files)) {
                moveAside(target);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another process won the race: its copy is as good as ours (checked below).
                deleteTree(partial);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(partial);
            throw e;
        }
        if (!intact(target, files)) {
            throw new IOException(target + " does not hold the files it should, and could not be replaced");
        }
        return target;
    }

    /** Whether the directory's manifest lists exactly these files and each is there with its size. */
    private static boolean intact(Path directory, Map<String, ByteBuffer> files) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve(MANIFEST), StandardCharsets.UTF_8);
            if (lines.size() != files.size()) {
                return false;
            }
            for (String line : lines) {
                int tab = line.indexOf('\t');
                String path = line.substring(tab + 1);
                ByteBuffer expected = files.get(path);
                if (expected == null || Long.parseLong(line.substring(0, tab)) != expected.remaining()
                        || Files.size(directory.resolve(path)) != expected.remaining()) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void moveAside(Path damaged) {
        try {
            deleteTree(Files.move(damaged, damaged.resolveSibling(damaged.getFileName() + ".damaged-" + ProcessHandle.current().pid()),
                    StandardCopyOption.ATOMIC_MOVE));
        } catch (IOException e) {
            // Another process moved it first.
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A stray directory in the cache harms nobody; the next run replaces or ignores it.
        }
    }
}
