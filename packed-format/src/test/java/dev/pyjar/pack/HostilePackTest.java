package dev.pyjar.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
    void everyBitFlipInAChecksummedByteIsDetectedAndPaddingIsInert() throws Exception {
        BitSet covered = PackForgery.coveredBytes(PACK);
        int padding = 0;
        for (int i = 0; i < PACK.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = PACK.clone();
                damaged[i] ^= (byte) (1 << bit);
                if (covered.get(i)) {
                    int at = i;
                    int flipped = bit;
                    assertThrows(PackFormatException.class, () -> PackWalker.walk(ByteBuffer.wrap(damaged)),
                            "flip of bit " + flipped + " at offset " + at + " went unnoticed");
                } else {
                    PackWalker.walk(ByteBuffer.wrap(damaged));
                }
            }
            if (!covered.get(i)) {
                assertEquals(0, PACK[i], "padding at offset " + i + " is not zero");
                padding++;
            }
        }
        assertTrue(padding > 0 && padding < PackLayout.ALIGNMENT * 16, padding + " bytes of padding");
    }

    @Test
    void flippingAnyByteOfAnyBlobIsCaughtByRead() throws Exception {
        PackReader clean = PackReader.open(ByteBuffer.wrap(PACK));
        List<Blob> blobs = new ArrayList<>();
        for (int i = 0; i < clean.moduleCount(); i++) {
            clean.moduleAt(i).code().ifPresent(blobs::add);
            clean.moduleAt(i).source().ifPresent(blobs::add);
        }
        for (int i = 0; i < clean.resourceCount(); i++) {
            blobs.add(clean.resourceAt(i).data());
        }
        assertEquals(11, blobs.size());
        for (Blob blob : blobs) {
            for (int i = blob.offset(); i < blob.offset() + blob.length(); i++) {
                byte[] damaged = PACK.clone();
                damaged[i] ^= (byte) (1 << (i % 8));
                PackReader reader = PackReader.open(ByteBuffer.wrap(damaged));
                assertEquals("blob of " + blob.length() + " bytes at offset " + blob.offset() + " is damaged (checksum mismatch)",
                        assertThrows(PackFormatException.class, () -> reader.read(blob)).getMessage());
                assertThrows(PackFormatException.class, () -> reader.verify(blob));
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
    void randomDamageWithResealedChecksumsNeverEscapesAsAnotherException() {
        // Resealing takes the checksums out of the way, so the bounds and content checks must hold on their own.
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            PackForgery forgery = new PackForgery(PACK);
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                forgery.pack.put(random.nextInt(PACK.length), (byte) random.nextInt(256));
            }
            forgery.reseal();
            try {
                PackWalker.walk(forgery.pack);
            } catch (PackFormatException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e, e);
            }
        }
    }

    @Test
    void forgedHeaderFieldsAreRefusedEvenWithValidChecksums() {
        int[] fields = {PackLayout.MODULE_COUNT_AT, PackLayout.MODULE_TABLE_AT, PackLayout.RESOURCE_COUNT_AT,
            PackLayout.RESOURCE_TABLE_AT, PackLayout.META_AT, PackLayout.META_LENGTH_AT, PackLayout.HEADER_LENGTH_AT,
            PackLayout.PACK_LENGTH_AT};
        for (int field : fields) {
            for (int value : hostileValues()) {
                PackForgery forgery = new PackForgery(PACK);
                if (forgery.pack.getInt(field) == value) {
                    continue;
                }
                forgery.pack.putInt(field, value);
                forgery.reseal();
                assertThrows(PackFormatException.class, () -> PackReader.open(forgery.pack), "field at " + field + " = " + value);
            }
        }
    }

    @Test
    void forgedRecordOffsetsAndLengthsAreRefusedEvenWithValidChecksums() throws Exception {
        PackForgery layout = new PackForgery(PACK);
        int module = layout.moduleRecord(1);
        int resource = layout.resourceRecord(1);
        for (int at : new int[] {PackLayout.NAME_OFFSET_AT, PackLayout.MODULE_CODE_AT, PackLayout.MODULE_CODE_AT + 4,
            PackLayout.MODULE_SOURCE_AT, PackLayout.MODULE_SOURCE_AT + 4}) {
            assertForgedFieldRefused(module + at, reader -> reader.moduleAt(1));
        }
        for (int at : new int[] {PackLayout.NAME_OFFSET_AT, PackLayout.RESOURCE_DATA_AT, PackLayout.RESOURCE_DATA_AT + 4}) {
            assertForgedFieldRefused(resource + at, reader -> reader.resourceAt(1));
        }
        for (int nameLength : new int[] {0, 0xFFFF}) {
            PackForgery forgery = new PackForgery(PACK);
            forgery.pack.putShort(module + PackLayout.NAME_LENGTH_AT, (short) nameLength);
            forgery.reseal();
            assertThrows(PackFormatException.class, () -> PackReader.open(forgery.pack).moduleAt(1), "name length " + nameLength);
        }
    }

    private interface Access {
        Object entry(PackReader reader) throws PackFormatException;
    }

    /** The entry is refused as soon as it is read, with a message naming its record, not only when its blob is. */
    private static void assertForgedFieldRefused(int field, Access access) throws PackFormatException {
        for (int value : hostileValues()) {
            PackForgery forgery = new PackForgery(PACK);
            forgery.pack.putInt(field, value);
            forgery.reseal();
            PackReader reader = PackReader.open(forgery.pack); // a record is only checked when touched
            String message = assertThrows(PackFormatException.class, () -> access.entry(reader), "field at " + field + " = " + value)
                    .getMessage();
            assertTrue(message.contains(" record 1") && message.contains("lies outside the pack"), message);
            assertThrows(PackFormatException.class, () -> PackWalker.walk(forgery.pack));
        }
    }

    private static int[] hostileValues() {
        return new int[] {-1, Integer.MAX_VALUE, Integer.MIN_VALUE, PACK.length, PACK.length - 1, 0x7FFFFFF0, 0xFFFFFFF0};
    }

    @Test
    void recordsThatBreakTheFormatsRulesAreRefusedEvenWithValidChecksums() throws Exception {
        // Module 1 is "app.cli" (code and source), module 4 is "ns" (a namespace package), resource 1 "app/data/table.csv".
        assertRefused(forgeName(true, 1, "app-cli"), true, 1, "module record 1 at offset");
        assertRefused(forgeName(true, 1, "app.1li"), true, 1, "is not a dotted sequence of Python identifiers");
        assertRefused(forgeName(true, 1, "app.cl\0"), true, 1, "is not a dotted sequence of Python identifiers");
        assertRefused(forgeName(true, 1, new byte[] {'a', 'p', 'p', '.', (byte) 0xC0, (byte) 0xAF, 'i'}), true, 1, "is not valid UTF-8");
        assertRefused(forgeName(false, 1, "app//ata/table.csv"), false, 1, "has an empty, '.' or '..' segment");
        assertRefused(forgeName(false, 1, "/pp/data/table.csv"), false, 1, "has an empty, '.' or '..' segment");
        assertRefused(forgeName(false, 1, "../../../table.csv"), false, 1, "has an empty, '.' or '..' segment");
        assertRefused(forgeName(false, 1, "app\\data\\table.csv"), false, 1, "holds a NUL or backslash");

        assertRefused(forgeByte(true, 1, PackLayout.MODULE_KIND_AT, 3), true, 1, "(app.cli): unknown kind 3");
        assertRefused(forgeByte(true, 1, PackLayout.MODULE_FLAGS_AT, 7), true, 1, "(app.cli): unknown flags 0x7");
        assertRefused(forgeByte(true, 1, PackLayout.MODULE_KIND_AT, 2), true, 1, "a namespace package cannot have code or source");
        assertRefused(forgeByte(true, 4, PackLayout.MODULE_FLAGS_AT, 1), true, 4, "a namespace package cannot have code or source");
        assertRefused(forgeByte(false, 1, PackLayout.RESOURCE_RESERVED_AT, 1), false, 1, "reserved field is not zero");
    }

    private static ByteBuffer forgeName(boolean module, int index, String name) {
        return forgeName(module, index, name.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer forgeName(boolean module, int index, byte[] name) {
        PackForgery forgery = new PackForgery(PACK);
        int record = module ? forgery.moduleRecord(index) : forgery.resourceRecord(index);
        assertEquals(name.length, Short.toUnsignedInt(forgery.pack.getShort(record + PackLayout.NAME_LENGTH_AT)));
        forgery.pack.put(forgery.pack.getInt(record + PackLayout.NAME_OFFSET_AT), name);
        return forgery.reseal().pack;
    }

    private static ByteBuffer forgeByte(boolean module, int index, int at, int value) {
        PackForgery forgery = new PackForgery(PACK);
        forgery.pack.put((module ? forgery.moduleRecord(index) : forgery.resourceRecord(index)) + at, (byte) value);
        return forgery.reseal().pack;
    }

    private static void assertRefused(ByteBuffer pack, boolean module, int index, String expected) throws PackFormatException {
        PackReader reader = PackReader.open(pack);
        String message = assertThrows(PackFormatException.class,
                () -> { if (module) reader.moduleAt(index); else reader.resourceAt(index); }).getMessage();
        assertTrue(message.contains(expected) && message.contains(" record " + index), message);
    }

    @Test
    void unknownHeaderFlagsReservedBytesAndBadMetadataAreRefused() {
        assertEquals("pack uses flags 0x4 that this reader does not know", refusal(PackLayout.FLAGS_AT, 4, true));
        assertEquals("pack header: reserved bytes at offset 52 are not zero", refusal(PackLayout.RESERVED_AT + 4, 1, true));
        assertEquals("pack format version 0 does not exist", refusal(PackLayout.VERSION_AT, 0, true));
        assertEquals("pack header is damaged (checksum mismatch at offset 60)", refusal(PackLayout.MODULE_COUNT_AT, 7, false));
        int meta = PackLayout.HEADER_SIZE;
        // The metadata starts with the bytecode magic (u32), then the GraalPy version as a u16-length str.
        assertEquals("pack metadata: GraalPy version at offset 68 is 65535 bytes long but only " + (metadataLength() - 6)
                + " bytes of metadata are left", refusal(meta + 4, 0xFFFF, true));
        assertTrue(refusal(PackLayout.META_LENGTH_AT, metadataLength() + 1, true).contains("bytes after its last property"));
        assertTrue(refusal(PackLayout.META_LENGTH_AT, 5, true).contains("ends in the middle of a field"));
        assertEquals("pack metadata at offset 64 is damaged (checksum mismatch)", refusal(meta, 1, false));
    }

    private static int metadataLength() {
        return new PackForgery(PACK).pack.getInt(PackLayout.META_LENGTH_AT);
    }

    /** The message of opening PACK with the u16 at {@code at} set to {@code value} (ints for the length fields). */
    private static String refusal(int at, int value, boolean reseal) {
        PackForgery forgery = new PackForgery(PACK);
        if (at == PackLayout.META_LENGTH_AT || at == PackLayout.MODULE_COUNT_AT || at == PackLayout.RESERVED_AT + 4) {
            forgery.pack.putInt(at, value);
        } else {
            forgery.pack.putShort(at, (short) value);
        }
        if (reseal) {
            // A metadata edit must keep the metadata checksum valid; header edits only need the header checksum.
            forgery.reseal();
        }
        return assertThrows(PackFormatException.class, () -> PackReader.open(forgery.pack)).getMessage();
    }

    @Test
    void aDamagedRecordIsOnlyNoticedWhenTouched() throws Exception {
        PackForgery forgery = new PackForgery(PACK);
        int last = PackRoundTripTest.MODULES - 1;
        int record = forgery.moduleRecord(last);
        forgery.pack.put(record + PackLayout.MODULE_KIND_AT, (byte) 1);
        PackReader reader = PackReader.open(forgery.pack);
        assertEquals("app", reader.moduleAt(0).name());
        assertEquals("module record " + last + " at offset " + record + " is damaged (checksum mismatch)",
                assertThrows(PackFormatException.class, () -> reader.moduleAt(last)).getMessage());
        assertThrows(PackFormatException.class, () -> reader.findModule("ns.café"));
    }

    @Test
    void aLookupChecksOnlyTheRecordsOnItsSearchPath() throws Exception {
        int count = 1000;
        PackWriter writer = new PackWriter(PackRoundTripTest.TAG);
        for (int i = 0; i < count; i++) {
            writer.addModule(String.format("m%04d", i), ModuleKind.MODULE, new byte[] {(byte) i}, null);
        }
        byte[] pack = writer.toByteArray();
        int maxProbes = 32 - Integer.numberOfLeadingZeros(count); // ceil(log2(count + 1))
        for (String name : new String[] {"m0000", "m0499", "m0500", "m0999", "m0777", "a", "m0500x", "z"}) {
            List<Integer> path = searchPath(count, name);
            assertTrue(path.size() <= maxProbes, name + ": " + path);
            PackForgery forgery = new PackForgery(pack);
            for (int i = 0; i < count; i++) {
                if (!path.contains(i)) {
                    int crcAt = forgery.moduleRecord(i) + PackLayout.MODULE_RECORD_SIZE - 4;
                    forgery.pack.putInt(crcAt, ~forgery.pack.getInt(crcAt));
                }
            }
            PackReader reader = PackReader.open(forgery.pack);
            boolean present = name.length() == 5 && name.startsWith("m");
            assertEquals(present, reader.findModule(name).isPresent(), name);
        }
    }

    /** The records a binary search over names {@code m0000..} probes, as FORMAT.md describes it. */
    private static List<Integer> searchPath(int count, String name) {
        List<Integer> path = new ArrayList<>();
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            path.add(middle);
            int order = String.format("m%04d", middle).compareTo(name);
            if (order == 0) {
                break;
            } else if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return path;
    }

    @Test
    void anUnsortedOrDuplicatedIndexNeverCrashes() throws Exception {
        PackForgery forgery = new PackForgery(PACK);
        // Make record 1 a copy of record 0 (its checksum stays valid): a duplicate name, and out of order before record 2.
        byte[] first = new byte[PackLayout.MODULE_RECORD_SIZE];
        forgery.pack.get(forgery.moduleRecord(0), first);
        forgery.pack.put(forgery.moduleRecord(1), first);
        PackWalker.walk(forgery.pack);
        PackReader reader = PackReader.open(forgery.pack);
        assertEquals("app", reader.moduleAt(1).name());
        assertTrue(reader.findModule("app.cli").isEmpty());
        // Reversed order: every lookup still ends, in bounds.
        PackForgery reversed = new PackForgery(PACK);
        byte[][] records = new byte[PackRoundTripTest.MODULES][PackLayout.MODULE_RECORD_SIZE];
        for (int i = 0; i < records.length; i++) {
            reversed.pack.get(reversed.moduleRecord(i), records[i]);
        }
        for (int i = 0; i < records.length; i++) {
            reversed.pack.put(reversed.moduleRecord(i), records[records.length - 1 - i]);
        }
        PackWalker.walk(reversed.pack);
    }

    @Test
    void foreignDataIsNotAPack() throws Exception {
        assertEquals("not a pyjar pack: 0 bytes is shorter than the 64-byte header",
                assertThrows(PackFormatException.class, () -> PackReader.open(ByteBuffer.allocate(0))).getMessage());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write("Manifest-Version: 1.0\n".repeat(10).getBytes(StandardCharsets.US_ASCII));
        }
        String message = assertThrows(PackFormatException.class, () -> PackReader.open(ByteBuffer.wrap(zip.toByteArray()))).getMessage();
        assertTrue(message.matches("not a pyjar pack \\(magic 504b0304[0-9a-f]{8}, expected 50594a4152504b00\\)"), message);
        Random random = new Random(1);
        for (int length : new int[] {1, 63, 64, 65, 4096}) {
            byte[] noise = new byte[length];
            random.nextBytes(noise);
            assertTrue(assertThrows(PackFormatException.class, () -> PackReader.open(ByteBuffer.wrap(noise)))
                    .getMessage().startsWith("not a pyjar pack"));
        }
        // Noise behind a genuine magic gets past the first check but no further.
        for (int round = 0; round < 1000; round++) {
            byte[] noise = new byte[64 + random.nextInt(512)];
            random.nextBytes(noise);
            System.arraycopy(PackLayout.MAGIC, 0, noise, 0, PackLayout.MAGIC.length);
            noise[8] = 2;
            noise[9] = 0;
            assertThrows(PackFormatException.class, () -> PackWalker.walk(ByteBuffer.wrap(noise)));
        }
    }

    @Test
    void aPackFromAFutureFormatVersionIsRefusedWithAClearMessage() {
        PackForgery future = new PackForgery(PACK);
        future.pack.putShort(PackLayout.VERSION_AT, (short) 3);
        future.pack.putInt(PackLayout.HEADER_CRC_AT, 0); // a newer layout may put anything here
        assertEquals("pack format version 3 is newer than this reader supports (max 2); rebuild the pack with this pyjar"
                + " or upgrade pyjar's runtime", assertThrows(PackFormatException.class, () -> PackReader.open(future.pack)).getMessage());
    }

    @Test
    void aPackFromAnOlderFormatVersionIsRefusedWithAClearMessage() {
        PackForgery old = new PackForgery(PACK);
        old.pack.putShort(PackLayout.VERSION_AT, (short) 1);
        assertEquals("pack format version 1 is older than this reader supports (only 2); rebuild the pack with this pyjar",
                assertThrows(PackFormatException.class, () -> PackReader.open(old.reseal().pack)).getMessage());
    }

    @Test
    void trailingDataIsRefused() {
        assertEquals("pack is " + (PACK.length + 1) + " bytes but its header says " + PACK.length + " (trailing data)",
                assertThrows(PackFormatException.class, () -> PackReader.open(ByteBuffer.wrap(Arrays.copyOf(PACK, PACK.length + 1))))
                        .getMessage());
    }

    @Test
    void blobsHandedInByTheCallerAreCheckedToo() throws Exception {
        PackReader reader = PackReader.open(ByteBuffer.wrap(PACK));
        for (Blob blob : new Blob[] {new Blob(-1, 4, 0), new Blob(0, -1, 0), new Blob(PACK.length, 1, 0),
            new Blob(Integer.MAX_VALUE, Integer.MAX_VALUE, 0), new Blob(0, 64, 0)}) {
            assertThrows(PackFormatException.class, () -> reader.read(blob), blob.toString());
        }
        assertEquals(0, reader.read(new Blob(PACK.length, 0, 0)).remaining());
    }
}
