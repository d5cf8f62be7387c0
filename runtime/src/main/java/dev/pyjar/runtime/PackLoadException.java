package dev.pyjar.runtime;

/**
 * A pack could not be opened: the file cannot be read, the jar holds no pack, the pack is larger
 * than a mapping can be, or the pack itself is damaged (not a pack, truncated, another format
 * version, a failed check). The message says which, and where. A pack entry that a tool
 * recompressed is not a failure: it is copied to a temporary file and mapped from there.
 */
public final class PackLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public PackLoadException(String message) {
        super(message);
    }

    public PackLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
