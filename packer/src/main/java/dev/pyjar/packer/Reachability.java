package dev.pyjar.packer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The standard library modules an app can reach: everything its modules import, the imports of
 * those, and so on, as {@link ImportScanner} reads them, starting from the app's and the installed
 * packages' modules (pyjar's own run-time module among them), and the modules an explicit include names (for
 * imports made from names computed at run time). A module reached brings its packages along, whose
 * {@code __init__} runs first.
 */
final class Reachability {
    private final Map<String, SourceModule> library = new HashMap<>();
    private final Set<String> reached = new TreeSet<>();
    /** Every name the reached modules import, standard library or not (native modules among them). */
    private final Set<String> imported = new TreeSet<>();
    private final Deque<String> toScan = new ArrayDeque<>();

    private Reachability(Collection<SourceModule> libraryModules) {
        libraryModules.forEach(m -> library.put(m.name(), m));
    }

    /** The names of the {@code libraryModules} that {@code roots} or the {@code includes} reach. */
    static Set<String> reachable(Collection<SourceModule> roots, Collection<SourceModule> libraryModules, ModulePatterns includes)
            throws BuildException {
        return walk(roots, libraryModules, includes).reached;
    }

    /** Every module name that {@code roots}, or the library modules they reach, import: reached library modules and the rest. */
    static Set<String> imported(Collection<SourceModule> roots, Collection<SourceModule> libraryModules, ModulePatterns includes)
            throws BuildException {
        return walk(roots, libraryModules, includes).imported;
    }

    private static Reachability walk(Collection<SourceModule> roots, Collection<SourceModule> libraryModules, ModulePatterns includes)
            throws BuildException {
        Reachability walk = new Reachability(libraryModules);
        for (SourceModule root : roots) {
            walk.follow(root);
        }
        for (SourceModule module : libraryModules) {
            if (includes.matches(module.name())) {
                walk.reach(module.name());
            }
        }
        while (!walk.toScan.isEmpty()) {
            walk.follow(walk.library.get(walk.toScan.pop()));
        }
        return walk;
    }

    private void follow(SourceModule module) throws BuildException {
        if (module.file() == null) {
            return;
        }
        try {
            String packageName = module.kind() == dev.pyjar.pack.ModuleKind.PACKAGE ? module.name() : parent(module.name());
            follow(new String(Files.readAllBytes(module.file()), StandardCharsets.UTF_8), packageName);
        } catch (IOException e) {
            throw new BuildException("cannot read " + module.file() + ": " + e.getMessage(), e);
        }
    }

    private void follow(String source, String packageName) {
        for (String name : ImportScanner.imports(source, packageName)) {
            imported.add(name);
            if (library.containsKey(name)) {
                reach(name);
            }
        }
    }

    private void reach(String name) {
        for (String module = name; !module.isEmpty(); module = parent(module)) {
            if (library.containsKey(module) && reached.add(module)) {
                toScan.push(module);
            }
        }
    }

    private static String parent(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }
}
