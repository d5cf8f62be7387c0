package dev.pyjar.packer;

import dev.pyjar.runtime.internal.PackInventory;
import dev.pyjar.runtime.PythonPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** What an app's jar is made of, by the room each part takes in the file: for the build log and {@code pyjar:inspect}. */
public final class JarParts {
    /** Entry name prefixes and the part they belong to; the first match wins. */
    private static final Map<String, String> PARTS = parts();

    private final long fileSize;
    private final Map<String, Long> sizes;

    private JarParts(long fileSize, Map<String, Long> sizes) {
        this.fileSize = fileSize;
        this.sizes = sizes;
    }

    private static Map<String, String> parts() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put(PythonPack.JAR_ENTRY, "pack");
        parts.put("com/oracle/graal/python/", "GraalPy classes");
        parts.put("com/oracle/truffle/", "Truffle classes");
        parts.put("org/graalvm/shadowed/", "ICU4J (shaded by GraalVM)");
        parts.put("org/graalvm/", "GraalVM SDK classes");
        parts.put("org/bouncycastle/", "BouncyCastle");
        parts.put("META-INF/resources/libpython/", "GraalPy's standard library files");
        parts.put("META-INF/resources/", "GraalPy's other files and natives");
        parts.put("dev/pyjar/", "pyjar runtime");
        return parts;
    }

    /** Sizes each part's entries take compressed, largest first; the rest (headers, directory, script) is "other". */
    public static JarParts of(Path jar) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        long fileSize = Files.size(jar);
        long counted = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String part = PARTS.entrySet().stream().filter(p -> entry.getName().startsWith(p.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse("other");
                sizes.merge(part, entry.getCompressedSize(), Long::sum);
                counted += entry.getCompressedSize();
            }
        }
        sizes.merge("other", fileSize - counted, Long::sum);
        Map<String, Long> sorted = sizes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return new JarParts(fileSize, sorted);
    }

    /** {@code 92.1 MiB: GraalPy classes 30.2 MiB, pack 17.6 MiB, ...}, with the {@code count} largest parts. */
    public String summary(int count) {
        return PackInventory.size(fileSize) + ": " + sizes.entrySet().stream().limit(count)
                .map(e -> e.getKey() + " " + PackInventory.size(e.getValue())).collect(Collectors.joining(", "));
    }

    /** One line per part, largest first, then the total. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        sizes.forEach((part, size) -> lines.add(String.format(java.util.Locale.ROOT, "%12s  %s", PackInventory.size(size), part)));
        lines.add(String.format(java.util.Locale.ROOT, "%12s  %s", PackInventory.size(fileSize), "the jar"));
        return lines;
    }
}
