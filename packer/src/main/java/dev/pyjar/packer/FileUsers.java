package dev.pyjar.packer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the packages whose code mentions {@code __file__}. Packed modules have a {@code __file__}
 * inside the jar, so code that opens files next to it ({@code os.path.dirname(__file__)}) finds
 * nothing there unless the package is extracted; the build log says which packages may need it.
 */
final class FileUsers {
    private FileUsers() {}

    static List<String> describe(List<CompiledModule> modules, List<String> extracted) {
        Set<String> users = new TreeSet<>();
        for (CompiledModule module : modules) {
            if (module.source() != null && new String(module.source(), StandardCharsets.UTF_8).contains("__file__")) {
                users.add(PackBuilder.topLevel(module.module().name()));
            }
        }
        users.removeAll(extracted);
        if (users.isEmpty()) {
            return List.of();
        }
        return List.of("packages whose code uses __file__: " + String.join(", ", users) + "; if one reads files next to its"
                + " modules, name it in extractPackages so that its files are written to the cache directory on first use");
    }
}
