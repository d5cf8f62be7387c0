package dev.pyjar.pack;

/** The pack is not one this reader can trust: truncated, damaged, foreign or from the future. */
public final class PackFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public PackFormatException(String message) {
        super(message);
    }
}
