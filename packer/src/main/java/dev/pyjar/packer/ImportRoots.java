package dev.pyjar.packer;

import dev.pyjar.pack.ModuleKind;
import dev.pyjar.runtime.internal.RuntimeModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's import root and its {@code pythonPath} roots merged into the one tree the pack
 * holds. On disk the first root on {@code sys.path} would silently win a name two roots share;
 * in a pack only one can exist, so a shared name is an error, except a namespace package, whose
 * portions merge as PEP 420 merges them. The name of pyjar's own importer is reserved.
 */
record ImportRoots(List<SourceModule> appModules, List<SourceModule> installedModules, List<DataFile> dataFiles,
                          List<String> metadataDirectories, List<NativeExtension> nativeExtensions) {

    /** Merges the app's tree (null when it has none) with the installed ones, in order. */
    public static ImportRoots merge(SourceTree app, List<SourceTree> installed) throws BuildException {
        Map<String, Path> moduleRoots = new HashMap<>();
        Map<String, Path> dataRoots = new HashMap<>();
        Map<String, SourceModule> namespaces = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        List<SourceModule> appModules = new ArrayList<>();
        List<SourceModule> installedModules = new ArrayList<>();
        List<DataFile> dataFiles = new ArrayList<>();
        List<String> metadata = new ArrayList<>();
        List<NativeExtension> natives = new ArrayList<>();
        List<SourceTree> trees = new ArrayList<>();
        if (app != null) {
            trees.add(app);
        }
        trees.addAll(installed);
        for (SourceTree tree : trees) {
            List<SourceModule> into = tree == app ? appModules : installedModules;
            for (SourceModule module : tree.modules()) {
                if (module.kind() == ModuleKind.NAMESPACE_PACKAGE && namespaces.containsKey(module.name())) {
                    continue;
                }
                Path earlier = moduleRoots.putIfAbsent(module.name(), tree.root());
                if (earlier != null) {
                    clashes.add("module " + module.name() + " is in both " + earlier + " and " + tree.root());
                    continue;
                }
                if (module.kind() == ModuleKind.NAMESPACE_PACKAGE) {
                    namespaces.put(module.name(), module);
                }
                into.add(module);
            }
            for (NativeExtension extension : tree.nativeExtensions()) {
                // In one root, builds for several interpreters and a pure-Python twin may sit side by side.
                Path earlier = moduleRoots.putIfAbsent(extension.name(), tree.root());
                if (earlier != null && !earlier.equals(tree.root())) {
                    clashes.add("module " + extension.name() + " is in both " + earlier + " and " + tree.root());
                }
                natives.add(extension);
            }
            for (DataFile dataFile : tree.dataFiles()) {
                Path earlier = dataRoots.putIfAbsent(dataFile.packPath(), tree.root());
                if (earlier != null) {
                    clashes.add("file " + dataFile.packPath() + " is in both " + earlier + " and " + tree.root());
                } else {
                    dataFiles.add(dataFile);
                }
            }
            metadata.addAll(tree.metadataDirectories());
        }
        for (RuntimeModule module : RuntimeModule.values()) {
            Path reserved = moduleRoots.get(module.moduleName());
            if (reserved != null) {
                throw new BuildException("module " + module.moduleName() + " in " + reserved
                        + ": the name is taken by pyjar's own module of that name, which every pack holds; rename the module");
            }
        }
        if (!clashes.isEmpty()) {
            throw new BuildException(String.join("\n", clashes) + "\nA pack holds one of each: remove the copy you do not want,"
                    + " or drop one of the roots from pythonPath");
        }
        return new ImportRoots(appModules, installedModules, dataFiles, metadata.stream().sorted().toList(), natives);
    }
}
