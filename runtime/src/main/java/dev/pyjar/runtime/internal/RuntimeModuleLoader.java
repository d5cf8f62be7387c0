package dev.pyjar.runtime.internal;

import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * Loads pyjar's own Python modules ({@link RuntimeModule}) into one context, each from the pack's
 * compiled copy when the bridge vouches for it, else from this runtime's source, and installs the
 * importer over the bridge. Done through the polyglot API rather than a Python snippet: an app
 * served from a pack parses no Python otherwise, and a context's first parse warms up GraalPy's
 * parser (see benchmarks/README.md).
 */
public final class RuntimeModuleLoader {
    private final MappedPack pack;
    private final ImportBridge bridge;
    private final Value builtins;
    private final Value importModule;

    public RuntimeModuleLoader(Context context, MappedPack pack) {
        this.pack = pack;
        this.bridge = new ImportBridge(pack, RunningGraalPy.tag(context));
        this.builtins = context.getBindings("python").getMember("__builtins__");
        this.importModule = builtins.getMember("__import__");
    }

    /** Loads {@code _pyjar}, puts the pack's importer first on {@code sys.meta_path} and returns the module. */
    public Value installImporter() {
        Value module = load(RuntimeModule.IMPORTER);
        module.invokeMember("install", bridge.toProxy());
        return module;
    }

    /** Loads one of pyjar's modules into {@code sys.modules} and returns it. */
    public Value load(RuntimeModule runtimeModule) {
        byte[] source = runtimeModule.source();
        long ref = bridge.runtimeModuleCode(runtimeModule, source);
        Value code;
        if (ref >= 0) {
            Value file = importModule.execute("_io").invokeMember("open", pack.mappedFile().toString(), "rb");
            try {
                file.invokeMember("seek", pack.offset() + (ref >>> 32));
                code = importModule.execute("marshal").invokeMember("loads", file.invokeMember("read", ref & 0xFFFFFFFFL));
            } finally {
                file.invokeMember("close");
            }
            importModule.execute("_imp").invokeMember("_fix_co_filename", code, runtimeModule.fileName());
        } else {
            // compile(source, filename, mode, flags=0, dont_inherit=True)
            code = builtins.getMember("compile").execute(new String(source, StandardCharsets.UTF_8),
                    runtimeModule.fileName(), "exec", 0, true);
        }
        Value sys = importModule.execute("sys");
        Value module = builtins.getMember("type").execute(sys).execute(runtimeModule.moduleName());
        module.putMember("__file__", runtimeModule.fileName());
        sys.getMember("modules").invokeMember("__setitem__", runtimeModule.moduleName(), module);
        builtins.getMember("exec").execute(code, module.getMember("__dict__"));
        return module;
    }
}
