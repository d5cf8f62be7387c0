package dev.pyjar.packer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The POSIX {@code sh} script an executable jar starts with (Spring Boot's "fully executable jar"
 * convention), so that {@code ./app.jar} runs it on Linux and macOS. It finds a Java 17 or later
 * and runs the jar with it; {@code java -jar} ignores it. Padded with newlines to a multiple of
 * {@link JarAssembler#PACK_ALIGNMENT}, so the pack stays aligned in the file; the shell has exec'd
 * Java or exited before it would read them.
 */
public final class LaunchScript {
    private static final String RESOURCE = "launch.sh";

    private LaunchScript() {}

    /** The script, padded. */
    public static byte[] padded() {
        byte[] script;
        try (InputStream in = LaunchScript.class.getResourceAsStream(RESOURCE)) {
            script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("pyjar's " + RESOURCE + " is unreadable", e);
        }
        int length = (script.length + JarAssembler.PACK_ALIGNMENT - 1) / JarAssembler.PACK_ALIGNMENT * JarAssembler.PACK_ALIGNMENT;
        byte[] padded = Arrays.copyOf(script, length);
        Arrays.fill(padded, script.length, length, (byte) '\n');
        return padded;
    }
}
