package dev.pyjar.pack;

import java.util.Optional;

/** One module of a pack, as read from its index record. */
public final class ModuleEntry {
    private final int index;
    private final String name;
    private final ModuleKind kind;
    private final Blob code;
    private final Blob source;

    ModuleEntry(int index, String name, ModuleKind kind, Blob code, Blob source) {
        this.index = index;
        this.name = name;
        this.kind = kind;
        this.code = code;
        this.source = source;
    }

    /** Position in the pack's module index (sorted by the UTF-8 bytes of names). */
    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public ModuleKind kind() {
        return kind;
    }

    /** The marshalled code object, absent for namespace packages. */
    public Optional<Blob> code() {
        return Optional.ofNullable(code);
    }

    /** The module's source as UTF-8, absent when the pack was built without sources. */
    public Optional<Blob> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public String toString() {
        return "ModuleEntry[" + index + " " + name + " " + kind + "]";
    }
}
