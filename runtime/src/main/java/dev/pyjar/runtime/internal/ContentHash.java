package dev.pyjar.runtime.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of content, as lower-case hex: the names of what pyjar keeps by content (extracted
 * files at run time, the build's compiled-code cache and pip installations). Fields are
 * length-prefixed, so that no two different sequences of fields hash alike. Class-data archives
 * and warm-start servers are named by cheaper hashes of their keys instead (NameDigest).
 */
public final class ContentHash {
    private final MessageDigest digest;

    public ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String of(byte[] data) {
        return new ContentHash().add(data).hex();
    }

    public static String of(ByteBuffer data) {
        return new ContentHash().add(data).hex();
    }

    public ContentHash add(String text) {
        return add(text.getBytes(StandardCharsets.UTF_8));
    }

    public ContentHash add(byte[] data) {
        return add(ByteBuffer.wrap(data));
    }

    /** Adds the buffer's remaining bytes without moving its position. */
    public ContentHash add(ByteBuffer data) {
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(0, data.remaining()));
        digest.update(data.duplicate());
        return this;
    }

    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
