package dev.pyjar.runtime.internal;

import dev.pyjar.pack.RuntimeTag;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * The one rule for which GraalPy a context runs, as a pack records it: the packer stamps it on every
 * pack it builds, and the runtime compares it before it runs any compiled code. GraalPy's two
 * bytecode interpreters marshal code differently under one cache tag and magic, so the cache tag
 * also names the Bytecode DSL one (see FORMAT.md).
 */
public final class RunningGraalPy {
    private RunningGraalPy() {}

    /** The tag of the GraalPy that runs {@code context}; asked through the polyglot API, without parsing Python. */
    public static RuntimeTag tag(Context context) {
        Value builtins = context.getBindings("python").getMember("__builtins__");
        Value importModule = builtins.getMember("__import__");
        Value graalPy = builtins.getMember("__graalpython__");
        String dsl = graalPy.getMember("is_bytecode_dsl_interpreter").asBoolean() ? "+bytecode-dsl" : "";
        Value magic = importModule.execute("_frozen_importlib_external").getMember("MAGIC_NUMBER");
        return new RuntimeTag(graalPy.invokeMember("get_graalvm_version").asString(),
                importModule.execute("sys").getMember("implementation").getMember("cache_tag").asString() + dsl,
                builtins.getMember("int").invokeMember("from_bytes", magic, "little").asInt());
    }
}
