package dev.pyjar.runtime;

/**
 * A pack could not be opened: the jar has none, its entry is not stored so it cannot be mapped,
 * or the pack itself is damaged. The message says which, and where.
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
