package dev.pyjar.packer;

/** A module's code blob (GraalPy marshal of its code object) and its source as UTF-8. */
public record CompiledModule(SourceModule module, byte[] code, byte[] source) {}
