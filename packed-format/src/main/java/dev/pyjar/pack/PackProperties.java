package dev.pyjar.pack;

/** Names of the properties pyjar's own tools write into a pack. */
public final class PackProperties {
    /** What {@code java -jar} runs: {@code module} or {@code module:function}; absent for a library. */
    public static final String MAIN = "main";
    /** The optimization level the code blobs were compiled with, as in {@code compile(..., optimize=N)}. */
    public static final String OPTIMIZE = "optimize";

    private PackProperties() {}
}
