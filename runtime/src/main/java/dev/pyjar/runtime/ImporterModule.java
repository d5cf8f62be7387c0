package dev.pyjar.runtime;

import dev.pyjar.pack.RuntimeTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * pyjar's Python half, the module {@code _pyjar}: its source ships in this jar, and the plugin packs
 * a compiled copy of that source into every pack it builds. Compiling 500 lines when the first
 * context starts costs a third of a second, while the parser's Java code is still cold; unmarshalling
 * the packed copy costs a few milliseconds. The packed copy is used only when it was compiled from
 * exactly this source and for the running GraalPy (see {@link ImportBridge#importerCode}).
 */
public final class ImporterModule {
    /** The module's name, reserved: an app cannot pack a module of its own under it. */
    public static final String NAME = "_pyjar";
    /** Its {@code __file__} and the file name its code carries. */
    public static final String FILE_NAME = "<pyjar>/_pyjar.py";

    private static final String RESOURCE = "_pyjar.py";

    private ImporterModule() {}

    /**
     * Loads {@code _pyjar} into the context's {@code sys.modules}, from the pack's compiled copy when
     * the bridge offers one, else from source, and installs the importer; returns the module. Done
     * through the polyglot API rather than a Python snippet: an app served from a pack parses no
     * Python otherwise, and a context's first parse warms up GraalPy's parser. Measured in fresh
     * JVMs (C1 only, 14 alternating runs): installing took 150 ms instead of 171 ms (medians).
     */
    static Value load(Context context, PythonPack pack) {
        byte[] source = source();
        ImportBridge bridge = new ImportBridge(pack, source);
        Value builtins = context.getBindings("python").getMember("__builtins__");
        Value importModule = builtins.getMember("__import__");
        Value sys = importModule.execute("sys");
        RuntimeTag running = runningTag(builtins, importModule, sys);
        long ref = bridge.importerCode(running);
        Value code;
        if (ref >= 0) {
            Value file = importModule.execute("_io").invokeMember("open", pack.mappedFile().toString(), "rb");
            try {
                file.invokeMember("seek", pack.offset() + (ref >>> 32));
                code = importModule.execute("marshal").invokeMember("loads", file.invokeMember("read", ref & 0xFFFFFFFFL));
            } finally {
                file.invokeMember("close");
            }
            importModule.execute("_imp").invokeMember("_fix_co_filename", code, FILE_NAME);
        } else {
            // compile(source, filename, mode, flags=0, dont_inherit=True)
            code = builtins.getMember("compile").execute(new String(source, StandardCharsets.UTF_8), FILE_NAME, "exec", 0, true);
        }
        Value module = builtins.getMember("type").execute(sys).execute(NAME);
        module.putMember("__file__", FILE_NAME);
        sys.getMember("modules").invokeMember("__setitem__", NAME, module);
        builtins.getMember("exec").execute(code, module.getMember("__dict__"));
        module.invokeMember("install", bridge.toProxy(running));
        return module;
    }

    /** The running GraalPy's tag, as the build's {@code compile_modules.runtime_tag()} computes it. */
    private static RuntimeTag runningTag(Value builtins, Value importModule, Value sys) {
        Value graalPy = builtins.getMember("__graalpython__");
        String dsl = graalPy.getMember("is_bytecode_dsl_interpreter").asBoolean() ? "+bytecode-dsl" : "";
        Value magic = importModule.execute("_frozen_importlib_external").getMember("MAGIC_NUMBER");
        return new RuntimeTag(graalPy.invokeMember("get_graalvm_version").asString(),
                sys.getMember("implementation").getMember("cache_tag").asString() + dsl,
                builtins.getMember("int").invokeMember("from_bytes", magic, "little").asInt());
    }

    /** The module's source, as this runtime jar ships it. */
    public static byte[] source() {
        try (InputStream in = ImporterModule.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the pyjar runtime jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
