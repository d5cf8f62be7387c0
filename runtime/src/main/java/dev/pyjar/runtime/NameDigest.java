package dev.pyjar.runtime;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Digests of short texts (a jar's identity, a JDK, JVM options) as hex, for the names of the
 * files pyjar keeps per jar in its cache directory: class-data archives, warm-start sockets.
 * Independent non-cryptographic hashes side by side, not SHA-256: the names only tell apart what
 * one user's own runs make, in directories only that user may write, and SHA-256's first use in
 * a JVM sets up the security providers, a cost every run would pay before it starts (see
 * benchmarks/README.md, "Warm start").
 */
final class NameDigest {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private NameDigest() {}

    /** 64 bits: enough where what the name stands for is checked again when it is used. */
    static String of(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return hex((long) text.hashCode() << 32 | crc.getValue());
    }

    /** 128 bits: where the name alone decides (a client connects to the server its key names). */
    static String wide(String text) {
        long fnv = FNV_OFFSET;
        for (byte each : text.getBytes(StandardCharsets.UTF_8)) {
            fnv = (fnv ^ (each & 0xFF)) * FNV_PRIME;
        }
        return of(text) + hex(fnv);
    }

    private static String hex(long value) {
        String hex = Long.toHexString(value);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
