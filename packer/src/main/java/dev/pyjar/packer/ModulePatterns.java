package dev.pyjar.packer;

import dev.pyjar.runtime.internal.Globs;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Module-name patterns such as {@code tkinter}, {@code *.tests} or {@code xml.dom.*}: {@code *}
 * matches any run of characters, dots included, and a pattern that matches a package also matches
 * everything inside it.
 */
final class ModulePatterns {
    private final List<Pattern> patterns;

    public ModulePatterns(List<String> globs) {
        this.patterns = globs.stream().map(Globs::compile).toList();
    }

    public boolean matches(String moduleName) {
        for (String name = moduleName; ; name = name.substring(0, name.lastIndexOf('.'))) {
            String candidate = name;
            if (patterns.stream().anyMatch(p -> p.matcher(candidate).matches())) {
                return true;
            }
            if (name.indexOf('.') < 0) {
                return false;
            }
        }
    }
}
