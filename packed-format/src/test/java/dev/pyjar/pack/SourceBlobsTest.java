package dev.pyjar.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Compressed sources: they round-trip, and a source blob that lies about itself is refused before it costs memory. */
class SourceBlobsTest {
    private static final Blob WHERE = new Blob(64, 0, 0);

    private static String decoded(byte[] blob) throws PackFormatException {
        return StandardCharsets.UTF_8.decode(SourceBlobs.decode(ByteBuffer.wrap(blob), WHERE)).toString();
    }

    private static String refusal(byte[] blob) {
        return assertThrows(PackFormatException.class, () -> SourceBlobs.decode(ByteBuffer.wrap(blob), WHERE)).getMessage();
    }

    private static byte[] withDeclaredLength(byte[] blob, long length) {
        byte[] copy = blob.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) length);
        return copy;
    }

    @Test
    void sourcesRoundTripAndRepetitiveOnesShrink() throws PackFormatException {
        for (String source : new String[] {"", "pass\n", "# é ✓\n", "x = 1\n".repeat(10_000)}) {
            assertEquals(source, decoded(SourceBlobs.encode(source.getBytes(StandardCharsets.UTF_8))));
        }
        assertTrue(SourceBlobs.encode("x = 1\n".repeat(10_000).getBytes(StandardCharsets.UTF_8)).length < 1_000);
        byte[] noise = new byte[5000];
        new Random(7).nextBytes(noise);
        assertEquals(ByteBuffer.wrap(noise), SourceBlobs.decode(ByteBuffer.wrap(SourceBlobs.encode(noise)), WHERE));
    }

    @Test
    void theEncodingIsTheSameEveryTime() {
        byte[] source = "def f():\\n    return 1\\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        assertTrue(Arrays.equals(SourceBlobs.encode(source), SourceBlobs.encode(source)));
    }

    @Test
    void aBlobThatLiesAboutItsLengthOrStreamIsRefused() {
        byte[] blob = SourceBlobs.encode("print('hello')\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal(new byte[3]).contains("shorter than its 4-byte length field"));
        // More than the stream could ever inflate to is refused before anything is allocated.
        assertTrue(refusal(withDeclaredLength(blob, 0xFFFF_FFFFL)).contains("more than its"));
        assertTrue(refusal(withDeclaredLength(blob, (blob.length - 4L) * SourceBlobs.MAX_INFLATION + 1)).contains("more than its"));
        assertTrue(refusal(withDeclaredLength(blob, 14)).contains("does not inflate to its declared 14 bytes"));
        assertTrue(refusal(withDeclaredLength(blob, 16)).contains("does not inflate to its declared 16 bytes"));
        byte[] trailing = Arrays.copyOf(blob, blob.length + 1);
        assertTrue(refusal(trailing).contains("data after the stream's end"));
        assertTrue(refusal(Arrays.copyOf(blob, blob.length - 1)).contains("does not inflate"));
        byte[] garbage = blob.clone();
        garbage[4] = 0x7f; // not a zlib header
        assertTrue(refusal(garbage).contains("not a valid zlib stream"));
    }

    @Test
    void everyDamagedByteOfAStreamIsRefusedOrYieldsTheDeclaredLength() {
        byte[] blob = SourceBlobs.encode("import sys\nprint(sys.argv)\n".repeat(20).getBytes(StandardCharsets.UTF_8));
        for (int i = 4; i < blob.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = blob.clone();
                damaged[i] ^= (byte) (1 << bit);
                try {
                    assertEquals(540, SourceBlobs.decode(ByteBuffer.wrap(damaged), WHERE).remaining());
                } catch (PackFormatException refused) {
                    // zlib's Adler-32 catches almost every damage; the length check the rest.
                }
            }
        }
    }
}
