package dev.pyjar.packer;

import dev.pyjar.runtime.internal.RunningGraalPy;
import dev.pyjar.pack.ModuleKind;
import dev.pyjar.pack.RuntimeTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
final class GraalPyCompiler implements AutoCloseable {
    private static Engine sharedEngine;

    private final int optimize;
    private final GraalPyFacts facts;
    private final CodeCache cache;
    private final RuntimeTag runtimeTag;
    private Context context;
    private Value helpers;

    public GraalPyCompiler(int optimize) {
        this(optimize, null);
    }

    /**
     * A compiler that reuses code compiled by earlier builds from {@code cacheDirectory} (null:
     * none). Its Python context starts when something is not in the cache.
     */
    public GraalPyCompiler(int optimize, Path cacheDirectory) {
        this.optimize = optimize;
        this.facts = GraalPyFacts.load(cacheDirectory == null ? null : cacheDirectory.resolveSibling("graalpy-facts.properties"));
        String[] tag = facts.get("runtime-tag", () -> {
            RuntimeTag running = RunningGraalPy.tag(context());
            return running.graalPyVersion() + "\n" + running.cacheTag() + "\n" + running.bytecodeMagic();
        }).split("\n");
        this.runtimeTag = new RuntimeTag(tag[0], tag[1], Integer.parseInt(tag[2]));
        this.cache = new CodeCache(cacheDirectory, runtimeTag + " optimize=" + optimize);
    }

    static synchronized Engine engine() {
        if (sharedEngine == null) {
            sharedEngine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
        }
        return sharedEngine;
    }

    private Value helper(String name) {
        if (helpers == null) {
            context().eval(Source.create("python", helperSource()));
            helpers = context.getBindings("python");
        }
        return helpers.getMember(name);
    }

    private Context context() {
        if (context == null) {
            context = Context.newBuilder("python").engine(engine()).allowIO(IOAccess.ALL).build();
        }
        return context;
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
            String key = cache.key(module);
            Optional<CompiledModule> cached = cache.lookup(module, key);
            if (cached.isPresent()) {
                compiled.add(cached.get());
                continue;
            }
            Value result = helper("compile_module").execute(module.file().toString(), module.logicalPath(), optimize);
            Value first = result.getArrayElement(0);
            if (first.isString()) {
                errors.add(display(module.file(), displayBase) + ":" + result.getArrayElement(1).asInt()
                        + ":" + result.getArrayElement(2).asInt() + ": " + first.asString() + ": " + result.getArrayElement(3).asString());
            } else {
                CompiledModule fresh = new CompiledModule(module, bytes(first), bytes(result.getArrayElement(1)));
                cache.store(key, fresh);
                compiled.add(fresh);
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
        return List.of(facts.get("extension-suffixes", () -> String.join("\n",
                helper("extension_suffixes").execute().as(new TypeLiteral<List<String>>() {}))).split("\n"));
    }

    /** Whether the running GraalPy has the module frozen into itself. */
    public boolean isFrozen(String moduleName) {
        return Boolean.parseBoolean(facts.get("frozen." + moduleName, () -> Boolean.toString(helper("is_frozen").execute(moduleName).asBoolean())));
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

    /** How many modules came from the cache, and how many were compiled. */
    public String cacheSummary() {
        return "compiled " + cache.misses() + " modules, reused " + cache.hits() + " from earlier builds";
    }

    /**
     * Deletes the cache entries this compiler did not use. Called once a build has compiled all it
     * packs, never after a failure, which would throw away what the next build still needs.
     */
    public void removeUnusedCacheEntries() {
        cache.removeUnused();
    }

    @Override
    public void close() {
        facts.save();
        if (context != null) {
            context.close();
        }
    }
}
