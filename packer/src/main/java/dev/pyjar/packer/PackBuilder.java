package dev.pyjar.packer;

import dev.pyjar.pack.ModuleKind;
import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackWriter;
import dev.pyjar.runtime.internal.Distribution;
import dev.pyjar.runtime.internal.RuntimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Discovers, compiles and packs an app: its own source tree, the installed roots of its
 * {@code pythonPath} (directories laid out like {@code site-packages}, and wheels), and unless
 * told not to, GraalPy's standard library.
 */
public final class PackBuilder {
    /**
     * What to pack and how; made with {@link #builder}.
     *
     * @param sourceRoot the app's import root; it may be missing when {@code pythonPath} has everything
     * @param workDirectory where wheels and the standard library are unpacked for compiling, and compiled code is kept for the next build
     * @param pythonPath further import roots: directories and {@code .whl} files
     * @param main {@code module}, {@code module:function} or a console script; null for a library pack
     * @param includeSource whether modules keep their source next to their compiled code
     * @param optimize 0, 1 or 2, as Python's {@code -O} and {@code -OO}
     * @param displayBase the directory that file names in compile errors are shown relative to
     * @param standardLibrary which of GraalPy's standard library to pack
     * @param extractPackages top-level packages whose files the runtime writes to disk for code that reads them through {@code __file__}
     * @param pip requirements to install with GraalPy's pip and pack after the {@code pythonPath} roots
     */
    public record Settings(Path sourceRoot, Path workDirectory, List<Path> pythonPath, String main, boolean includeSource,
                           int optimize, Path displayBase, StandardLibraryScope standardLibrary, List<String> extractPackages,
                           PipInstall pip, boolean warmStart, boolean warmStartNativeIsolation) {}

    /** Settings with the defaults of the plugin's parameters: the whole standard library, sources included, no pip. */
    public static SettingsBuilder builder(Path sourceRoot, Path workDirectory) {
        return new SettingsBuilder(sourceRoot, workDirectory);
    }

    /** Builds {@link Settings}; every setting has the plugin's default until set. */
    public static final class SettingsBuilder {
        private final Path sourceRoot;
        private final Path workDirectory;
        private List<Path> pythonPath = List.of();
        private String main;
        private boolean includeSource = true;
        private int optimize;
        private Path displayBase;
        private StandardLibraryScope standardLibrary = StandardLibraryScope.all(StandardLibrary.DEFAULT_EXCLUDES);
        private List<String> extractPackages = List.of();
        private PipInstall pip = new PipInstall(List.of(), null, List.of());
        private boolean warmStart;
        private boolean warmStartNativeIsolation;

        private SettingsBuilder(Path sourceRoot, Path workDirectory) {
            this.sourceRoot = sourceRoot;
            this.workDirectory = workDirectory;
            this.displayBase = sourceRoot;
        }

        public SettingsBuilder pythonPath(List<Path> roots) {
            this.pythonPath = List.copyOf(roots);
            return this;
        }

        public SettingsBuilder main(String target) {
            this.main = target;
            return this;
        }

        public SettingsBuilder includeSource(boolean include) {
            this.includeSource = include;
            return this;
        }

        public SettingsBuilder optimize(int level) {
            this.optimize = level;
            return this;
        }

        public SettingsBuilder displayBase(Path base) {
            this.displayBase = base;
            return this;
        }

        public SettingsBuilder standardLibrary(StandardLibraryScope scope) {
            this.standardLibrary = scope;
            return this;
        }

        public SettingsBuilder extractPackages(List<String> packages) {
            this.extractPackages = List.copyOf(packages);
            return this;
        }

        public SettingsBuilder pip(PipInstall install) {
            this.pip = install;
            return this;
        }

        /** Whether the jar asks for warm starts ({@link PackProperties#WARM_START}). */
        public SettingsBuilder warmStart(boolean warm) {
            this.warmStart = warm;
            return this;
        }

        /** Whether warm servers load GraalPy's native modules isolated ({@link PackProperties#WARM_START_NATIVE_ISOLATION}). */
        public SettingsBuilder warmStartNativeIsolation(boolean isolation) {
            this.warmStartNativeIsolation = isolation;
            return this;
        }

        public Settings build() {
            return new Settings(sourceRoot, workDirectory, pythonPath, main, includeSource, optimize, displayBase,
                    standardLibrary, extractPackages, pip, warmStart, warmStartNativeIsolation);
        }
    }

    /** The pack, what went into it, and what the build log should say about it. */
    public record Result(byte[] pack, int appModules, int installedModules, int standardLibraryModules, int dataFiles,
                         List<Distribution> distributions, List<String> warnings, List<String> notes) {}

    private PackBuilder() {}

    public static Result build(Settings settings) throws BuildException {
        if (settings.optimize() < 0 || settings.optimize() > 2) {
            throw new BuildException("optimize must be 0, 1 or 2 (like python -O and -OO), not " + settings.optimize());
        }
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ImportRoots roots = ImportRoots.merge(appTree(settings), installedTrees(settings, notes));
        List<Distribution> distributions = distributions(roots);
        Set<String> moduleNames = new HashSet<>();
        roots.appModules().forEach(m -> moduleNames.add(m.name()));
        roots.installedModules().forEach(m -> moduleNames.add(m.name()));
        List<SourceModule> runtimeModules = runtimeModules(settings.workDirectory());
        MainTarget main = settings.main() == null ? null : MainTarget.resolve(settings.main(), moduleNames, distributions);
        PackWriter writer;
        int standardModules = 0;
        int dataFiles = roots.dataFiles().size();
        try (GraalPyCompiler compiler = new GraalPyCompiler(settings.optimize(), settings.workDirectory().resolve("code-cache"))) {
            writer = new PackWriter(compiler.runtimeTag());
            List<CompiledModule> compiled = new ArrayList<>(compiler.compile(roots.appModules(), settings.displayBase()).orFail());
            GraalPyCompiler.Compilation installed = compiler.compile(roots.installedModules(), settings.displayBase());
            for (String error : installed.errors()) {
                warnings.add("packed without compiled code, importing it raises the error as it would from disk: " + error);
            }
            compiled.addAll(installed.compiled());
            compiled.addAll(sourceOnly(roots.installedModules(), installed.compiled()));
            Set<String> packed = add(writer, compiled, settings.includeSource());
            // Always with their sources: the runtime uses a compiled copy only if that source is its own.
            add(writer, compiler.compile(runtimeModules, settings.displayBase()).orFail(), true);
            notes.addAll(FileUsers.describe(compiled, settings.extractPackages()));
            NativeModules natives = NativeModules.sort(roots.nativeExtensions(), compiler.extensionSuffixes(), compiled);
            warnings.addAll(natives.warnings());
            dataFiles += addData(writer, natives.loadable().stream().map(n -> new DataFile(n.packPath(), n.file())).toList(), Set.of());
            if (!natives.loadable().isEmpty()) {
                writer.property(PackProperties.NATIVE_EXTENSIONS, natives.property());
            }
            if (settings.standardLibrary().packed()) {
                List<SourceModule> rootModules = new ArrayList<>(roots.appModules());
                rootModules.addAll(roots.installedModules());
                rootModules.addAll(runtimeModules);
                StandardLibraryPart standard = addStandardLibrary(writer, compiler, settings, packed, rootModules);
                standardModules = standard.modules();
                warnings.addAll(standard.warnings());
                notes.addAll(standard.notes());
            }
            dataFiles += addData(writer, roots.dataFiles(), Set.of());
            if (!settings.extractPackages().isEmpty()) {
                writer.property(PackProperties.EXTRACTED_PACKAGES,
                        ExtractedPackages.property(settings.extractPackages(), compiled, roots.dataFiles(), settings.includeSource()));
            }
            compiler.removeUnusedCacheEntries();
            notes.add(compiler.cacheSummary());
        }
        writer.property(PackProperties.OPTIMIZE, Integer.toString(settings.optimize()));
        Set<String> installedPackages = installedPackages(roots);
        if (!installedPackages.isEmpty()) {
            writer.property(PackProperties.INSTALLED_PACKAGES, String.join(",", installedPackages));
        }
        if (!roots.metadataDirectories().isEmpty()) {
            writer.property(PackProperties.DISTRIBUTIONS, String.join("\n", roots.metadataDirectories()));
        }
        if (main != null) {
            writer.property(PackProperties.MAIN, main.toString());
        }
        if (settings.warmStartNativeIsolation()) {
            writer.property(PackProperties.WARM_START_NATIVE_ISOLATION, "true");
        }
        if (settings.warmStart()) {
            writer.property(PackProperties.WARM_START, "true");
            // Only a build that asks for warm starts looks for what keeps them cold: a jar run
            // warm by PYJAR_WARM_START=on alone has its unseen imports refused by the run.
            List<SourceModule> appModules = new ArrayList<>(roots.appModules());
            appModules.addAll(roots.installedModules());
            Set<String> imported = Reachability.imported(appModules, List.of(), new ModulePatterns(List.of()));
            Set<String> blockers = WarmStartBlockers.of(imported);
            Set<String> isolated = WarmStartBlockers.isolated(imported);
            if (!isolated.isEmpty()) {
                writer.property(PackProperties.WARM_START_ISOLATED, String.join(",", isolated));
            }
            if (!blockers.isEmpty()) {
                writer.property(PackProperties.WARM_START_BLOCKERS, String.join(",", blockers));
                warnings.add("warmStart: the app imports " + String.join(", ", blockers) + ", which control(s) the terminal"
                        + " of the process that runs it; its runs stay cold (README, \"Warm start\")");
            } else if (!isolated.isEmpty()) {
                String needs = "warmStart: the app imports " + String.join(", ", isolated) + ", which need(s) native code GraalPy"
                        + " loads into one context per process; ";
                if (settings.warmStartNativeIsolation()) {
                    notes.add(needs + "its runs go warm where patchelf is on the PATH, and stay cold elsewhere (README, \"Warm start\")");
                } else {
                    warnings.add(needs + "its runs stay cold unless warmStartNativeIsolation is set (README, \"Warm start\")");
                }
            }
        }
        return new Result(writer.toByteArray(), roots.appModules().size(), roots.installedModules().size(), standardModules,
                dataFiles, distributions, warnings, notes);
    }

    /** pyjar's own run-time modules, written out to be compiled (and scanned for imports) like the app's. */
    private static List<SourceModule> runtimeModules(Path workDirectory) throws BuildException {
        List<SourceModule> modules = new ArrayList<>();
        for (RuntimeModule module : RuntimeModule.values()) {
            Path file = workDirectory.resolve("runtime").resolve(module.moduleName() + ".py");
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, module.source());
            } catch (IOException e) {
                throw new BuildException("cannot write " + file + ": " + e.getMessage(), e);
            }
            modules.add(new SourceModule(module.moduleName(), ModuleKind.MODULE, file, file.getFileName().toString()));
        }
        return modules;
    }

    private static SourceTree appTree(Settings settings) throws BuildException {
        if (!Files.exists(settings.sourceRoot()) && !settings.pythonPath().isEmpty()) {
            return null;
        }
        return SourceTree.scan(settings.sourceRoot());
    }

    private static List<SourceTree> installedTrees(Settings settings, List<String> notes) throws BuildException {
        List<SourceTree> trees = new ArrayList<>();
        Set<String> wheelNames = new HashSet<>();
        for (Path entry : settings.pythonPath()) {
            if (Files.isDirectory(entry)) {
                trees.add(SourceTree.scanInstalled(entry));
            } else if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".whl")) {
                String name = entry.getFileName().toString();
                if (!wheelNames.add(name)) {
                    throw new BuildException("pythonPath names wheel " + name + " twice; keep one");
                }
                trees.add(SourceTree.scanInstalled(Wheel.unpack(entry, settings.workDirectory().resolve("wheels").resolve(name))));
            } else {
                throw new BuildException("pythonPath entry " + entry + (Files.exists(entry) ? " is neither a directory nor a .whl file"
                        : " does not exist") + "; list directories laid out like site-packages, or wheel files");
            }
        }
        if (!settings.pip().isEmpty()) {
            Path installed = settings.pip().installInto(settings.workDirectory().resolve("pip").resolve("site-packages"),
                    GraalPyCompiler.engine().getVersion(), notes::add);
            trees.add(SourceTree.scanInstalled(installed));
        }
        return trees;
    }

    private static List<Distribution> distributions(ImportRoots roots) throws BuildException {
        Map<String, Path> files = new TreeMap<>();
        roots.dataFiles().forEach(f -> files.put(f.packPath(), f.file()));
        Function<String, Optional<byte[]>> read = path -> {
            Path file = files.get(path);
            try {
                return file == null ? Optional.empty() : Optional.of(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        List<Distribution> distributions = new ArrayList<>();
        try {
            for (String directory : roots.metadataDirectories()) {
                List<String> below = files.keySet().stream().filter(p -> p.startsWith(directory + "/")).toList();
                Distribution.read(directory, below, read).ifPresent(distributions::add);
            }
        } catch (java.io.UncheckedIOException e) {
            throw new BuildException("cannot read distribution metadata: " + e.getCause().getMessage(), e.getCause());
        }
        return distributions;
    }

    /** Installed modules that failed to compile keep their source, so that importing them fails as it would from disk. */
    private static List<CompiledModule> sourceOnly(List<SourceModule> modules, List<CompiledModule> compiled) throws BuildException {
        Set<String> done = new HashSet<>();
        compiled.forEach(c -> done.add(c.module().name()));
        List<CompiledModule> result = new ArrayList<>();
        for (SourceModule module : modules) {
            if (!done.contains(module.name())) {
                try {
                    result.add(new CompiledModule(module, null, Files.readAllBytes(module.file())));
                } catch (IOException e) {
                    throw new BuildException("cannot read " + module.file() + ": " + e.getMessage(), e);
                }
            }
        }
        return result;
    }

    /** What packing the standard library added, and what the build log should say about it. */
    private record StandardLibraryPart(int modules, List<String> warnings, List<String> notes) {}

    private static StandardLibraryPart addStandardLibrary(PackWriter writer, GraalPyCompiler compiler, Settings settings,
                                                          Set<String> packed, List<SourceModule> rootModules) throws BuildException {
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        StandardLibraryScope scope = settings.standardLibrary();
        Path directory = settings.workDirectory().resolve("stdlib");
        SourceTree standard = StandardLibrary.extract(directory, new ModulePatterns(scope.excludes()));
        Set<String> reachable = scope.reachableOnly()
                ? Reachability.reachable(rootModules, standard.modules(), new ModulePatterns(scope.includes()))
                : null;

        List<SourceModule> wanted = new ArrayList<>();
        Set<String> hidden = new TreeSet<>();
        Set<String> leftOut = new TreeSet<>();
        for (SourceModule module : standard.modules()) {
            if (packed.contains(topLevel(module.name()))) {
                hidden.add(topLevel(module.name()));
            } else if (compiler.isFrozen(module.name())) {
                continue;
            } else if (reachable == null || reachable.contains(module.name())) {
                wanted.add(module);
            } else {
                leftOut.add(module.name());
            }
        }
        for (String name : hidden) {
            warnings.add("the packed module " + name + " hides the standard library's, which is left out");
        }
        GraalPyCompiler.Compilation compilation = compiler.compile(wanted, directory);
        for (String error : compilation.errors()) {
            warnings.add("standard library module left to GraalPy, it does not compile: " + error);
        }
        Set<String> standardPackages = new TreeSet<>(add(writer, compilation.compiled(), settings.includeSource()));
        writer.property(PackProperties.STANDARD_LIBRARY, String.join(",", standardPackages));
        List<DataFile> dataFiles = standard.dataFiles();
        if (reachable != null) {
            writer.property(PackProperties.STANDARD_LIBRARY_LEFT_OUT, String.join(",", leftOut));
            notes.add("standard library: packed the " + wanted.size() + " modules the app's imports reach, left out " + leftOut.size()
                    + " (pyjar:inspect lists them; imported all the same, they come from GraalPy's own files)");
            dataFiles = dataFiles.stream().filter(f -> reachable.contains(packageOf(f.packPath()))).toList();
        }
        addData(writer, dataFiles, packed);
        return new StandardLibraryPart(compilation.compiled().size(), warnings, notes);
    }

    private static Set<String> add(PackWriter writer, List<CompiledModule> compiled, boolean includeSource) {
        Set<String> topLevel = new HashSet<>();
        for (CompiledModule module : compiled) {
            writer.addModule(module.module().name(), module.module().kind(), module.code(), module.packedSource(includeSource));
            topLevel.add(topLevel(module.module().name()));
        }
        return topLevel;
    }

    /** Adds the data files that do not belong to a package in {@code hidden}; returns how many. */
    private static int addData(PackWriter writer, List<DataFile> dataFiles, Set<String> hidden) throws BuildException {
        int added = 0;
        for (DataFile dataFile : dataFiles) {
            int slash = dataFile.packPath().indexOf('/');
            if (slash > 0 && hidden.contains(dataFile.packPath().substring(0, slash))) {
                continue;
            }
            try {
                writer.addResource(dataFile.packPath(), Files.readAllBytes(dataFile.file()));
                added++;
            } catch (IOException e) {
                throw new BuildException("cannot read " + dataFile.file() + ": " + e.getMessage(), e);
            }
        }
        return added;
    }

    /** The package a data file belongs to: its directory, dotted. */
    private static String packageOf(String packPath) {
        int slash = packPath.lastIndexOf('/');
        return slash < 0 ? "" : packPath.substring(0, slash).replace('/', '.');
    }

    /** The top-level names of the installed modules that the app's own modules do not share (a namespace package may span both). */
    private static Set<String> installedPackages(ImportRoots roots) {
        Set<String> installed = new TreeSet<>();
        roots.installedModules().forEach(module -> installed.add(topLevel(module.name())));
        roots.appModules().forEach(module -> installed.remove(topLevel(module.name())));
        return installed;
    }

    static String topLevel(String moduleName) {
        int dot = moduleName.indexOf('.');
        return dot < 0 ? moduleName : moduleName.substring(0, dot);
    }
}
