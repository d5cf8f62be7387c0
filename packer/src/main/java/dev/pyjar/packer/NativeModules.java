package dev.pyjar.packer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The native extension modules of the installed roots, sorted into those GraalPy can load (packed,
 * and extracted to the cache directory on first import) and those built for another interpreter
 * (left out, with a warning that says what happens instead).
 */
record NativeModules(List<NativeExtension> loadable, List<String> warnings) {

    static NativeModules sort(List<NativeExtension> extensions, List<String> suffixes, List<CompiledModule> modules) {
        Map<String, List<NativeExtension>> byName = new LinkedHashMap<>();
        extensions.forEach(e -> byName.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e));
        List<NativeExtension> loadable = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, List<NativeExtension>> entry : byName.entrySet()) {
            NativeExtension usable = entry.getValue().stream().filter(e -> e.loadableWith(suffixes)).findFirst().orElse(null);
            if (usable != null) {
                loadable.add(usable);
                continue;
            }
            warnings.add("native extension module " + entry.getKey() + " (" + entry.getValue().stream().map(NativeExtension::packPath)
                    .collect(Collectors.joining(", ")) + ") is not built for this GraalPy, which loads only files named "
                    + entry.getKey().substring(entry.getKey().lastIndexOf('.') + 1) + suffixes.get(0) + "; it is left out: "
                    + fallback(entry.getKey(), modules));
        }
        return new NativeModules(loadable, warnings);
    }

    /** What the package does without the extension, as far as its sources tell. */
    private static String fallback(String name, List<CompiledModule> modules) {
        if (modules.stream().anyMatch(m -> m.module().name().equals(name))) {
            return "its pure-Python twin " + name + " is imported instead";
        }
        String stem = name.substring(name.lastIndexOf('.') + 1);
        String packagePrefix = name.indexOf('.') < 0 ? "" : name.substring(0, name.indexOf('.'));
        for (CompiledModule module : modules) {
            if (module.source() == null || !module.module().name().startsWith(packagePrefix)) {
                continue;
            }
            String source = new String(module.source(), StandardCharsets.UTF_8);
            if (source.contains(stem) && source.contains("except ImportError")) {
                return module.module().logicalPath() + " imports it inside try/except ImportError, so the package falls back to"
                        + " its pure-Python code";
            }
        }
        return "importing it fails; use a pure-Python release of the package, or one built for GraalPy";
    }

    /** The pack property: {@code module=path} of each loadable extension, comma-separated. */
    String property() {
        return loadable.stream().map(e -> e.name() + "=" + e.packPath()).collect(Collectors.joining(","));
    }
}
