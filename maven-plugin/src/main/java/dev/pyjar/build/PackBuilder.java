package dev.pyjar.build;

import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Discovers, compiles and packs one Python source tree. */
public final class PackBuilder {
    /** @param main {@code module} or {@code module:function}; null for a library pack */
    public record Settings(Path sourceRoot, String main, boolean includeSource, Path displayBase) {}

    public record Result(byte[] pack, int moduleCount, int dataFileCount) {}

    private PackBuilder() {}

    public static Result build(Settings settings) throws BuildException {
        MainTarget main = settings.main() == null ? null : MainTarget.parse(settings.main());
        SourceTree tree = SourceTree.scan(settings.sourceRoot());
        if (main != null && tree.modules().stream().noneMatch(m -> m.name().equals(main.module()))) {
            throw new BuildException("main names module '" + main.module() + "', which is not in " + settings.sourceRoot()
                    + "; the modules there are: " + String.join(", ", tree.modules().stream().map(SourceModule::name).toList()));
        }
        List<CompiledModule> compiled;
        PackWriter writer;
        try (GraalPyCompiler compiler = new GraalPyCompiler(0)) {
            compiled = compiler.compile(tree.modules(), settings.displayBase());
            writer = new PackWriter(compiler.runtimeTag());
        }
        writer.property(PackProperties.OPTIMIZE, "0");
        if (main != null) {
            writer.property(PackProperties.MAIN, main.toString());
        }
        for (CompiledModule module : compiled) {
            writer.addModule(module.module().name(), module.module().kind(), module.code(),
                    settings.includeSource() ? module.source() : null);
        }
        for (DataFile dataFile : tree.dataFiles()) {
            try {
                writer.addResource(dataFile.packPath(), Files.readAllBytes(dataFile.file()));
            } catch (IOException e) {
                throw new BuildException("cannot read " + dataFile.file() + ": " + e.getMessage(), e);
            }
        }
        return new Result(writer.toByteArray(), compiled.size(), tree.dataFiles().size());
    }
}
