package dev.pyjar.examples;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Damages a built jar in place, the way a bad disk or a careless tool would. */
final class JarDamage {
    private JarDamage() {}

    /** Flips bits {@code mask} of the byte at {@code position}. */
    static void flip(Path jar, long position, int mask) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(jar.toFile(), "rw")) {
            file.seek(position);
            int value = file.read();
            file.seek(position);
            file.write(value ^ mask);
        }
    }
}
