package dev.pyjar.packer;

/**
 * GraalPy ships its frozen modules (importlib, codecs, os, ...) twice: compiled for its default
 * interpreter ({@code Frozen*.bin}) and for the Bytecode DSL interpreter ({@code Frozen*.bin_dsl}),
 * which a JVM runs only when started with {@code -Dpython.EnableBytecodeDSLInterpreter=true}. An
 * app's jar keeps the second set only when its pack was compiled by that interpreter, since a pack
 * is run by the interpreter that compiled it (FORMAT.md, runtime tag); {@link GraalPyResources} decides.
 */
final class BytecodeDslFrozenModules {
    private static final String FROZEN = "com/oracle/graal/python/builtins/objects/module/Frozen";
    /** RunningGraalPy's cache tag suffix for the Bytecode DSL interpreter. */
    static final String CACHE_TAG_SUFFIX = "+bytecode-dsl";

    private BytecodeDslFrozenModules() {}

    static boolean isOne(String entryName) {
        return entryName.startsWith(FROZEN) && entryName.endsWith(".bin_dsl") && entryName.indexOf('/', FROZEN.length()) < 0;
    }
}
