package dev.pyjar.packer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The union of {@code META-INF/services} files across jars: each provider once, in first-seen order. */
final class ServiceFiles {
    private final Map<String, Set<String>> providers = new LinkedHashMap<>();

    void add(String entryName, InputStream content) throws IOException {
        Set<String> lines = providers.computeIfAbsent(entryName, k -> new LinkedHashSet<>());
        BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String provider = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (!provider.isEmpty()) {
                lines.add(provider);
            }
        }
    }

    Map<String, byte[]> merged() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        providers.forEach((name, lines) -> files.put(name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
        return files;
    }
}
