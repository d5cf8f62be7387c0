package dev.pyjar.pack;

/** One data file of a pack, as read from its index record. */
public final class ResourceEntry {
    private final int index;
    private final String path;
    private final Blob data;

    ResourceEntry(int index, String path, Blob data) {
        this.index = index;
        this.path = path;
        this.data = data;
    }

    /** Position in the pack's resource index (sorted by the UTF-8 bytes of paths). */
    public int index() {
        return index;
    }

    /** The '/'-separated path below the import root, e.g. {@code pkg/data/table.csv}. */
    public String path() {
        return path;
    }

    public Blob data() {
        return data;
    }

    @Override
    public String toString() {
        return "ResourceEntry[" + index + " " + path + "]";
    }
}
