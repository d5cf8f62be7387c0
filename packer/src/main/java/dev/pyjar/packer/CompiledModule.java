package dev.pyjar.packer;

/** A module's code blob (GraalPy marshal of its code object, null when it did not compile) and its source as UTF-8. */
record CompiledModule(SourceModule module, byte[] code, byte[] source) {
    /**
     * The source a pack keeps for this module: only when {@code includeSource} asks for it, but
     * always without compiled code, where the source is all there is.
     */
    byte[] packedSource(boolean includeSource) {
        return includeSource || code == null ? source : null;
    }
}
