package dev.pyjar.pack;

/** The largest things a pack can hold (FORMAT.md, "Limits"). */
public final class PackLimits {
    /** A whole pack: Java's {@code ByteBuffer} is indexed by {@code int}. */
    public static final int MAX_PACK_BYTES = Integer.MAX_VALUE;
    /** A module name, resource path, property key or value, in UTF-8: lengths are stored as {@code u16}. */
    public static final int MAX_NAME_BYTES = 0xFFFF;
    /** Properties in one pack: the count is a {@code u16}. */
    public static final int MAX_PROPERTIES = 0xFFFF;

    private PackLimits() {}
}
