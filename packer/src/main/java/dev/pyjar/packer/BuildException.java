package dev.pyjar.packer;

/** The build cannot go on; the message says what is wrong and, where there is one, the fix. */
public class BuildException extends Exception {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
