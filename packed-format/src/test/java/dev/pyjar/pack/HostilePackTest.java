package dev.pyjar.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Damaged, truncated, foreign and forged packs: every one ends in a PackFormatException or a valid answer. */
class HostilePackTest {
    private static final byte[] PACK = PackRoundTripTest.samplePack();

    @Test
    void everyTruncationIsRefusedWhenOpened() {
        for (int length = 0; length < PACK.length; length++) {
            int cut = length;
            PackFormatException error = assertThrows(PackFormatException.class,
                    () -> PackWalker.walk(ByteBuffer.wrap(Arrays.copyOf(PACK, cut))), "truncated to " + cut);
            assertTrue(error.getMessage().startsWith("not a pyjar pack") || error.getMessage().contains("(truncated)"), error.getMessage());
        }
    }

    @Test
    void everySingleByteFlipIsDetected() {
        for (int i = 0; i < PACK.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = PACK.clone();
                damaged[i] ^= (byte) (1 << bit);
                int at = i;
                assertThrows(PackFormatException.class, () -> PackWalker.walk(ByteBuffer.wrap(damaged)),
                        "flip of bit " + bit + " at offset " + at + " went unnoticed");
            }
        }
    }

    @Test
    void randomDamageNeverEscapesAsAnotherException() {
        Random random = new Random(20261122);
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = PACK.clone();
            for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                PackWalker.walk(ByteBuffer.wrap(damaged));
            } catch (PackFormatException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e, e);
            }
        }
    }

    @Test
    void forgedOffsetsAndLengthsWithValidChecksumsAreRefused() {
        // Rewrite fields to hostile values and fix every checksum, so only the bounds checks stand in the way.
        int[] values = {-1, Integer.MAX_VALUE, Integer.MIN_VALUE, PACK.length, PACK.length - 1, 0x7FFFFFF0};
        int moduleTable = ByteBuffer.wrap(PACK).order(ByteOrder.LITTLE_ENDIAN).getInt(PackLayout.MODULE_TABLE_AT);
        int[] fields = {PackLayout.MODULE_COUNT_AT, PackLayout.MODULE_TABLE_AT, PackLayout.RESOURCE_COUNT_AT,
            PackLayout.RESOURCE_TABLE_AT, PackLayout.META_AT, PackLayout.META_LENGTH_AT,
            moduleTable + PackLayout.NAME_OFFSET_AT, moduleTable + PackLayout.MODULE_CODE_AT, moduleTable + PackLayout.MODULE_CODE_AT + 4,
            moduleTable + PackLayout.MODULE_SOURCE_AT, moduleTable + PackLayout.MODULE_SOURCE_AT + 4};
        for (int field : fields) {
            for (int value : values) {
                ByteBuffer forged = ByteBuffer.wrap(PACK.clone()).order(ByteOrder.LITTLE_ENDIAN);
                forged.putInt(field, value);
                resealRecord(forged, moduleTable, PackLayout.MODULE_RECORD_SIZE);
                resealHeader(forged);
                assertThrows(PackFormatException.class, () -> PackWalker.walk(forged), "field at " + field + " = " + value);
            }
        }
    }

    @Test
    void anUnsortedOrDuplicatedIndexNeverCrashes() throws Exception {
        ByteBuffer forged = ByteBuffer.wrap(PACK.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int moduleTable = forged.getInt(PackLayout.MODULE_TABLE_AT);
        // Make record 1 a copy of record 0: two records with the same name, out of order for record 2.
        byte[] first = new byte[PackLayout.MODULE_RECORD_SIZE];
        forged.get(moduleTable, first);
        forged.put(moduleTable + PackLayout.MODULE_RECORD_SIZE, first);
        PackWalker.walk(forged);
        assertEquals("app", PackReader.open(forged).moduleAt(1).name());
    }

    @Test
    void foreignDataIsNotAPack() {
        assertEquals("not a pyjar pack: 0 bytes is shorter than the 64-byte header",
                assertThrows(PackFormatException.class, () -> PackReader.open(ByteBuffer.allocate(0))).getMessage());
        byte[] zip = Arrays.copyOf(new byte[] {'P', 'K', 3, 4}, 100);
        assertEquals("not a pyjar pack (magic 504b030400000000, expected 50594a4152504b00)",
                assertThrows(PackFormatException.class, () -> PackReader.open(ByteBuffer.wrap(zip))).getMessage());
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        assertThrows(PackFormatException.class, () -> PackReader.open(ByteBuffer.wrap(noise)));
    }

    @Test
    void aPackFromAFutureFormatVersionIsRefusedWithAClearMessage() {
        ByteBuffer future = ByteBuffer.wrap(PACK.clone()).order(ByteOrder.LITTLE_ENDIAN);
        future.putShort(PackLayout.VERSION_AT, (short) 2);
        resealHeader(future);
        assertEquals("pack format version 2 is newer than this reader supports (max 1); rebuild the pack with this pyjar"
                + " or upgrade pyjar's runtime", assertThrows(PackFormatException.class, () -> PackReader.open(future)).getMessage());
    }

    @Test
    void trailingDataIsRefused() {
        assertTrue(assertThrows(PackFormatException.class, () -> PackReader.open(ByteBuffer.wrap(Arrays.copyOf(PACK, PACK.length + 1))))
                .getMessage().endsWith("(trailing data)"));
    }

    @Test
    void aDamagedBlobIsCaughtByItsChecksum() throws Exception {
        PackReader clean = PackReader.open(ByteBuffer.wrap(PACK));
        Blob code = clean.findModule("app.cli").orElseThrow().code().orElseThrow();
        byte[] damaged = PACK.clone();
        damaged[code.offset() + 3] ^= 0x10;
        PackReader reader = PackReader.open(ByteBuffer.wrap(damaged));
        PackFormatException error = assertThrows(PackFormatException.class, () -> reader.read(code));
        assertEquals("blob of 15 bytes at offset " + code.offset() + " is damaged (checksum mismatch)", error.getMessage());
    }

    private static void resealHeader(ByteBuffer pack) {
        CRC32C crc = new CRC32C();
        crc.update(pack.slice(0, PackLayout.HEADER_CRC_AT));
        pack.putInt(PackLayout.HEADER_CRC_AT, (int) crc.getValue());
    }

    private static void resealRecord(ByteBuffer pack, int record, int size) {
        int nameOffset = pack.getInt(record + PackLayout.NAME_OFFSET_AT);
        int nameLength = Short.toUnsignedInt(pack.getShort(record + PackLayout.NAME_LENGTH_AT));
        if (nameOffset >= 0 && (long) nameOffset + nameLength <= pack.limit()) {
            pack.putInt(record + size - 4, PackLayout.crc32c(pack, record, size - 4, nameOffset, nameLength));
        }
    }
}
