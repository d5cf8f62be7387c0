package dev.pyjar.build;

import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Discovers, compiles and packs an app's source tree and, unless told not to, GraalPy's standard library. */
public final class PackBuilder {
    /**
     * @param main {@code module} or {@code module:function}; null for a library pack
     * @param standardLibraryDirectory where to unpack the standard library for compiling; null to leave it out of the pack
     */
    public record Settings(Path sourceRoot, String main, boolean includeSource, Path displayBase,
                           Path standardLibraryDirectory, List<String> standardLibraryExcludes) {}

    /** The pack, what went into it, and what the build log should say about it. */
    public record Result(byte[] pack, int appModules, int standardLibraryModules, int dataFiles, List<String> warnings) {}

    private PackBuilder() {}

    public static Result build(Settings settings) throws BuildException {
        MainTarget main = settings.main() == null ? null : MainTarget.parse(settings.main());
        SourceTree app = SourceTree.scan(settings.sourceRoot());
        if (main != null && app.modules().stream().noneMatch(m -> m.name().equals(main.module()))) {
            throw new BuildException("main names module '" + main.module() + "', which is not in " + settings.sourceRoot()
                    + "; the modules there are: " + String.join(", ", app.modules().stream().map(SourceModule::name).toList()));
        }
        List<String> warnings = new ArrayList<>();
        PackWriter writer;
        int appModules;
        int standardModules = 0;
        int dataFiles = app.dataFiles().size();
        try (GraalPyCompiler compiler = new GraalPyCompiler(0)) {
            writer = new PackWriter(compiler.runtimeTag());
            List<CompiledModule> compiled = compiler.compile(app.modules(), settings.displayBase()).orFail();
            Set<String> packed = add(writer, compiled, settings.includeSource());
            appModules = compiled.size();
            if (settings.standardLibraryDirectory() != null) {
                SourceTree standard = StandardLibrary.extract(settings.standardLibraryDirectory(),
                        new ModulePatterns(settings.standardLibraryExcludes()));
                List<SourceModule> wanted = new ArrayList<>();
                Set<String> hidden = new TreeSet<>();
                for (SourceModule module : standard.modules()) {
                    if (packed.contains(topLevel(module.name()))) {
                        hidden.add(topLevel(module.name()));
                    } else if (!compiler.isFrozen(module.name())) {
                        wanted.add(module);
                    }
                }
                for (String name : hidden) {
                    warnings.add("the app's module " + name + " hides the standard library's, which is left out");
                }
                GraalPyCompiler.Compilation compilation = compiler.compile(wanted, settings.standardLibraryDirectory());
                for (String error : compilation.errors()) {
                    warnings.add("standard library module left to GraalPy, it does not compile: " + error);
                }
                Set<String> standardPackages = new TreeSet<>(add(writer, compilation.compiled(), settings.includeSource()));
                standardModules = compilation.compiled().size();
                writer.property(PackProperties.STANDARD_LIBRARY, String.join(",", standardPackages));
                dataFiles += addData(writer, standard.dataFiles(), packed);
            }
        }
        writer.property(PackProperties.OPTIMIZE, "0");
        if (main != null) {
            writer.property(PackProperties.MAIN, main.toString());
        }
        addData(writer, app.dataFiles(), Set.of());
        return new Result(writer.toByteArray(), appModules, standardModules, dataFiles, warnings);
    }

    private static Set<String> add(PackWriter writer, List<CompiledModule> compiled, boolean includeSource) {
        Set<String> topLevel = new HashSet<>();
        for (CompiledModule module : compiled) {
            writer.addModule(module.module().name(), module.module().kind(), module.code(), includeSource ? module.source() : null);
            topLevel.add(topLevel(module.module().name()));
        }
        return topLevel;
    }

    /** Adds the data files that do not belong to a package in {@code hidden}; returns how many. */
    private static int addData(PackWriter writer, List<DataFile> dataFiles, Set<String> hidden) throws BuildException {
        int added = 0;
        for (DataFile dataFile : dataFiles) {
            if (hidden.contains(dataFile.packPath().substring(0, dataFile.packPath().indexOf('/')))) {
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

    private static String topLevel(String moduleName) {
        int dot = moduleName.indexOf('.');
        return dot < 0 ? moduleName : moduleName.substring(0, dot);
    }
}
