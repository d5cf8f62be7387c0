package dev.pyjar.packer;

/**
 * GraalPy ships its frozen modules (importlib, codecs, os, ...) twice: compiled for its default
 * interpreter ({@code Frozen*.bin}) and for the Bytecode DSL interpreter ({@code Frozen*.bin_dsl}),
 * which a JVM reads only when started with {@code -Dpython.EnableBytecodeDSLInterpreter=true}
 * (GraalPy's {@code PythonFrozenModule} picks the suffix from that property and finds nothing
 * else). {@link GraalPyResources} decides whether a jar keeps the second set; the runtime's
 * {@code BytecodeDslCheck} refuses such a run of a jar without it.
 */
final class BytecodeDslFrozenModules {
    private static final String FROZEN = "com/oracle/graal/python/builtins/objects/module/Frozen";

    private BytecodeDslFrozenModules() {}

    static boolean isOne(String entryName) {
        return entryName.startsWith(FROZEN) && entryName.endsWith(".bin_dsl") && entryName.indexOf('/', FROZEN.length()) < 0;
    }
}
