package dev.pyjar.packer;

import dev.pyjar.pack.ModuleKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an import root holds, found the way Python's path finder would see it: {@code .py} files
 * are modules, directories with {@code __init__.py} are packages, other directories named like
 * identifiers are namespace packages (PEP 420), and every other file inside a package is package
 * data. Top-level {@code *.dist-info} and {@code *.egg-info}
 * directories (or files) are distribution metadata, kept like data; native extension modules
 * ({@code .so}, {@code .pyd}) are listed apart, for the build to decide what GraalPy can load.
 */
final class SourceTree {
    private static final String INIT = "__init__.py";

    private final Path root;
    private final List<SourceModule> modules = new ArrayList<>();
    private final List<DataFile> dataFiles = new ArrayList<>();
    private final List<String> metadataDirectories = new ArrayList<>();
    private final List<NativeExtension> nativeExtensions = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final boolean strictNames;

    private SourceTree(Path root, boolean strictNames) {
        this.root = root;
        this.strictNames = strictNames;
    }

    /** Scans the app's own {@code root}; fails listing every file whose name cannot be a module name. */
    public static SourceTree scan(Path root) throws BuildException {
        if (!Files.isDirectory(root)) {
            throw new BuildException("Python source directory " + root + " does not exist;"
                    + " put the app's modules there or set pythonSourceDirectory");
        }
        return scan(root, true);
    }

    /**
     * Scans an installed root such as a {@code site-packages}: as on disk, a {@code .py} file whose
     * name is not an identifier cannot be imported, so it is package data, not an error.
     */
    public static SourceTree scanInstalled(Path root) throws BuildException {
        return scan(root, false);
    }

    private static SourceTree scan(Path root, boolean strictNames) throws BuildException {
        SourceTree tree = new SourceTree(root, strictNames);
        try {
            tree.scanDirectory(root, "", false);
        } catch (IOException e) {
            throw new BuildException("cannot read " + root + ": " + e.getMessage(), e);
        }
        if (!tree.problems.isEmpty()) {
            throw new BuildException(String.join("\n", tree.problems));
        }
        return tree;
    }

    public Path root() {
        return root;
    }

    /** Modules, in the order the tree was walked. */
    public List<SourceModule> modules() {
        return modules;
    }

    /** Data files, distribution metadata included, in the order the tree was walked. */
    public List<DataFile> dataFiles() {
        return dataFiles;
    }

    /** The top-level {@code *.dist-info} and {@code *.egg-info} entries, sorted. */
    public List<String> metadataDirectories() {
        return metadataDirectories;
    }

    /** Compiled extension modules, whatever interpreter they were built for. */
    public List<NativeExtension> nativeExtensions() {
        return nativeExtensions;
    }

    private void scanDirectory(Path dir, String packagePrefix, boolean inPackage) throws IOException {
        for (Path child : sortedChildren(dir)) {
            String fileName = child.getFileName().toString();
            String relative = root.relativize(child).toString().replace(child.getFileSystem().getSeparator(), "/");
            if (packagePrefix.isEmpty() && isMetadata(fileName)) {
                metadataDirectories.add(fileName);
                if (Files.isDirectory(child)) {
                    collectData(child);
                } else {
                    dataFiles.add(new DataFile(relative, child));
                }
            } else if (Files.isDirectory(child)) {
                scanSubdirectory(child, fileName, packagePrefix, inPackage, relative);
            } else if (fileName.endsWith(".py")) {
                addModule(child, fileName, packagePrefix, inPackage, relative);
            } else if (NativeExtension.isExtensionFile(fileName)) {
                nativeExtensions.add(new NativeExtension(packagePrefix + fileName.substring(0, fileName.indexOf('.')), child, relative));
            } else if (inPackage && !isBuildDebris(fileName)) {
                dataFiles.add(new DataFile(relative, child));
            }
        }
    }

    private void scanSubdirectory(Path child, String fileName, String packagePrefix, boolean inPackage, String relative) throws IOException {
        if (fileName.equals("__pycache__")) {
            return;
        }
        // As on disk, any directory named like an identifier imports: without __init__.py, as a
        // namespace package (PEP 420), even when it holds only data, as importlib.resources expects.
        boolean importable = (packagePrefix.isEmpty() || inPackage) && PythonNames.isIdentifier(fileName);
        if (importable) {
            String name = packagePrefix + fileName;
            boolean regular = Files.isRegularFile(child.resolve(INIT));
            modules.add(regular
                    ? new SourceModule(name, ModuleKind.PACKAGE, child.resolve(INIT), relative + "/" + INIT)
                    : new SourceModule(name, ModuleKind.NAMESPACE_PACKAGE, null, relative));
            scanDirectory(child, name + ".", true);
        } else if (inPackage) {
            collectData(child);
        }
    }

    private void addModule(Path file, String fileName, String packagePrefix, boolean inPackage, String relative) {
        if (fileName.equals(INIT)) {
            return;
        }
        String stem = fileName.substring(0, fileName.length() - 3);
        if (!PythonNames.isIdentifier(stem) && !strictNames) {
            if (inPackage) {
                dataFiles.add(new DataFile(relative, file));
            }
            return;
        }
        if (!PythonNames.isIdentifier(stem)) {
            if (inPackage) {
                problems.add(relative + ": '" + stem + "' is not a valid Python module name, so it cannot be imported;"
                        + " rename it (for example to " + PythonNames.suggest(stem) + ".py)");
            } else {
                problems.add(relative + ": '" + stem + "' is not a valid Python module name;"
                        + " rename it (for example to " + PythonNames.suggest(stem) + ".py) or move it out of the Python source directory");
            }
            return;
        }
        modules.add(new SourceModule(packagePrefix + stem, ModuleKind.MODULE, file, relative));
    }

    /** Everything below a directory that is not itself a package is that package's data. */
    private void collectData(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (!isBuildDebris(name) && !file.toString().contains("__pycache__")) {
                    dataFiles.add(new DataFile(root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), file));
                }
            }
        }
    }

    private static boolean isMetadata(String fileName) {
        return fileName.endsWith(".dist-info") || fileName.endsWith(".egg-info");
    }

    private static boolean isBuildDebris(String fileName) {
        return fileName.endsWith(".pyc") || fileName.endsWith(".pyo");
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
