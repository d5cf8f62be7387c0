package dev.pyjar.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarEntryLocatorTest {
    private static final byte[] DATA = "the pack's bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;

    @Test
    void findsTheDataOfAStoredEntry() throws Exception {
        Path zip = zip(ZipEntry.STORED, 70_000);
        JarEntryLocator.EntryData entry = locate(zip, "META-INF/pyjar/modules.pack");
        assertTrue(entry.stored());
        byte[] actual = Arrays.copyOfRange(Files.readAllBytes(zip), (int) entry.offset(), (int) (entry.offset() + entry.size()));
        assertArrayEquals(DATA, actual);
    }

    @Test
    void tellsACompressedEntryFromAStoredOne() throws Exception {
        assertFalse(locate(zip(ZipEntry.DEFLATED, 3), "META-INF/pyjar/modules.pack").stored());
    }

    @Test
    void answersNullForAMissingEntry() throws Exception {
        assertNull(locate(zip(ZipEntry.STORED, 3), "META-INF/pyjar/other.pack"));
    }

    @Test
    void refusesFilesThatAreNotZips() throws Exception {
        Path text = Files.writeString(work.resolve("not.jar"), "hello, this is not a zip file at all");
        PackLoadException error = assertThrows(PackLoadException.class, () -> locate(text, "x"));
        assertEquals(text + ": damaged jar: not a zip file (no end of central directory record)", error.getMessage());
        Path tiny = Files.write(work.resolve("tiny.jar"), new byte[] {1, 2});
        assertEquals(tiny + ": damaged jar: too short to be a zip file (2 bytes)",
                assertThrows(PackLoadException.class, () -> locate(tiny, "x")).getMessage());
    }

    @Test
    void everyTruncationIsRefusedOrAnswered() throws Exception {
        byte[] whole = Files.readAllBytes(zip(ZipEntry.STORED, 2));
        for (int length = 0; length < whole.length; length++) {
            Path cut = Files.write(work.resolve("cut.jar"), Arrays.copyOf(whole, length));
            try {
                locate(cut, "META-INF/pyjar/modules.pack");
            } catch (PackLoadException expected) {
                assertTrue(expected.getMessage().contains("damaged jar"), expected.getMessage());
            }
        }
    }

    @Test
    void everyByteFlipInTheDirectoryIsRefusedOrAnswered() throws Exception {
        byte[] whole = Files.readAllBytes(zip(ZipEntry.STORED, 2));
        for (int i = 0; i < whole.length; i++) {
            byte[] damaged = whole.clone();
            damaged[i] ^= (byte) 0xA5;
            Path file = Files.write(work.resolve("flip.jar"), damaged);
            try {
                JarEntryLocator.EntryData entry = locate(file, "META-INF/pyjar/modules.pack");
                assertTrue(entry == null || entry.offset() + entry.size() <= damaged.length);
            } catch (PackLoadException expected) {
                assertTrue(expected.getMessage().contains("damaged jar"), expected.getMessage());
            }
        }
    }

    private JarEntryLocator.EntryData locate(Path zip, String name) throws IOException, PackLoadException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            return JarEntryLocator.locate(zip, channel, name);
        }
    }

    /** A zip with {@code others} small entries and the pack entry among them (more than 65,535 forces Zip64). */
    private Path zip(int method, int others) throws IOException {
        Path zip = work.resolve("test-" + method + "-" + others + ".jar");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (int i = 0; i < others; i++) {
                if (i == others / 2) {
                    put(out, "META-INF/pyjar/modules.pack", method);
                }
                out.putNextEntry(new ZipEntry("f/" + i));
                out.closeEntry();
            }
        }
        return zip;
    }

    private static void put(ZipOutputStream out, String name, int method) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(method);
        if (method == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(ByteBuffer.wrap(DATA));
            entry.setSize(DATA.length);
            entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(DATA);
        out.closeEntry();
    }
}
