package dev.pyjar.pack;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Names as the pack stores them: UTF-8 bytes, ordered as unsigned bytes. Comparing the bytes in
 * place lets a search probe a record without decoding its name.
 */
final class Utf8Names {
    private Utf8Names() {}

    /**
     * Compares the {@code length} bytes at {@code offset} with {@code key}: negative, zero or
     * positive as the stored name sorts before, equal to or after it ({@code memcmp}, then length).
     */
    static int compare(ByteBuffer pack, int offset, int length, byte[] key) {
        int common = Math.min(length, key.length);
        for (int i = 0; i < common; i++) {
            int difference = Byte.toUnsignedInt(pack.get(offset + i)) - Byte.toUnsignedInt(key[i]);
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(length, key.length);
    }

    /** Decodes strictly: malformed UTF-8 (overlong forms, lone surrogates, truncated sequences) is refused. */
    static String decode(ByteBuffer bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes)
                .toString();
    }
}
