package dev.pyjar.build;

import dev.pyjar.pack.ModuleKind;
import dev.pyjar.pack.RuntimeTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.TypeLiteral;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Compiles modules to GraalPy code blobs in this JVM, with the GraalPy the runtime will run them
 * on. One engine serves every compiler in the process (a Maven reactor builds several pyjar
 * projects; the engine's start-up is paid once), each compiler has a context of its own.
 */
public final class GraalPyCompiler implements AutoCloseable {
    private static Engine sharedEngine;

    private final Context context;
    private final Value compileModule;
    private final Value isFrozen;
    private final List<String> extensionSuffixes;
    private final RuntimeTag runtimeTag;
    private final int optimize;

    public GraalPyCompiler(int optimize) {
        this.optimize = optimize;
        this.context = Context.newBuilder("python").engine(engine()).allowIO(IOAccess.ALL).build();
        context.eval(Source.create("python", helperSource()));
        Value bindings = context.getBindings("python");
        this.compileModule = bindings.getMember("compile_module");
        this.isFrozen = bindings.getMember("is_frozen");
        this.extensionSuffixes = bindings.getMember("extension_suffixes").execute().as(new TypeLiteral<List<String>>() {});
        Value tag = bindings.getMember("runtime_tag").execute();
        this.runtimeTag = new RuntimeTag(tag.getArrayElement(0).asString(), tag.getArrayElement(1).asString(),
                tag.getArrayElement(2).asInt());
    }

    static synchronized Engine engine() {
        if (sharedEngine == null) {
            sharedEngine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
        }
        return sharedEngine;
    }

    /** The GraalPy the blobs are compiled for. */
    public RuntimeTag runtimeTag() {
        return runtimeTag;
    }

    /** What compiling a list of modules gave: the compiled ones, and one line per file that failed. */
    public record Compilation(List<CompiledModule> compiled, List<String> errors) {
        /** Fails listing every broken file: {@code path:line:column: SyntaxError: message}. */
        public List<CompiledModule> orFail() throws BuildException {
            if (!errors.isEmpty()) {
                throw new BuildException(errors.size() + " Python file" + (errors.size() == 1 ? "" : "s")
                        + " failed to compile:\n" + String.join("\n", errors));
            }
            return compiled;
        }
    }

    /** Compiles every module that has source, going on past failures; paths in errors are relative to {@code displayBase}. */
    public Compilation compile(List<SourceModule> modules, Path displayBase) {
        List<CompiledModule> compiled = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (SourceModule module : modules) {
            if (module.kind() == ModuleKind.NAMESPACE_PACKAGE) {
                compiled.add(new CompiledModule(module, null, null));
                continue;
            }
            Value result = compileModule.execute(module.file().toString(), module.logicalPath(), optimize);
            Value first = result.getArrayElement(0);
            if (first.isString()) {
                errors.add(display(module.file(), displayBase) + ":" + result.getArrayElement(1).asInt()
                        + ":" + result.getArrayElement(2).asInt() + ": " + first.asString() + ": " + result.getArrayElement(3).asString());
            } else {
                compiled.add(new CompiledModule(module, bytes(first), bytes(result.getArrayElement(1))));
            }
        }
        return new Compilation(compiled, errors);
    }

    /** Files below {@code base} are named relative to it, others by their absolute path. */
    private static Path display(Path file, Path base) {
        Path absolute = file.toAbsolutePath();
        return absolute.startsWith(base.toAbsolutePath()) ? base.toAbsolutePath().relativize(absolute) : absolute;
    }

    /** The file name endings of extension modules this GraalPy loads, as in {@code importlib.machinery.EXTENSION_SUFFIXES}. */
    public List<String> extensionSuffixes() {
        return extensionSuffixes;
    }

    /** Whether the running GraalPy has the module frozen into itself. */
    public boolean isFrozen(String moduleName) {
        return isFrozen.execute(moduleName).asBoolean();
    }

    private static byte[] bytes(Value pythonBytes) {
        byte[] bytes = new byte[Math.toIntExact(pythonBytes.getBufferSize())];
        pythonBytes.readBuffer(0, bytes, 0, bytes.length);
        return bytes;
    }

    private static String helperSource() {
        try (InputStream in = GraalPyCompiler.class.getResourceAsStream("compile_modules.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
