package dev.pyjar.runtime;

/**
 * Refuses a run under GraalPy's Bytecode DSL interpreter when the jar left out that interpreter's
 * frozen modules (the pyjar plugin keeps them only when the build asks for them). GraalPy reads
 * them, by a name that only the system property chooses, as it initialises its language: without
 * them it stops with an internal error that names a frozen module, not the cause.
 */
final class BytecodeDslCheck {
    /** The system property GraalPy reads ({@code Boolean.getBoolean}) to choose its interpreter. */
    static final String PROPERTY = "python.EnableBytecodeDSLInterpreter";
    /** The first frozen module GraalPy reads for that interpreter; a jar keeps all of them or none. */
    private static final String FROZEN_MODULE = "com/oracle/graal/python/builtins/objects/module/FrozenIMPORTLIB__BOOTSTRAP.bin_dsl";

    private BytecodeDslCheck() {}

    /** Why this JVM cannot run Python from this jar; null when it can. */
    static String refusal() {
        if (!Boolean.getBoolean(PROPERTY) || BytecodeDslCheck.class.getClassLoader().getResource(FROZEN_MODULE) != null) {
            return null;
        }
        return "this jar cannot run GraalPy's Bytecode DSL interpreter (-D" + PROPERTY + "=true): it leaves out that"
                + " interpreter's frozen modules; build it with the pyjar plugin's <bytecodeDslInterpreter>true</bytecodeDslInterpreter>";
    }
}
