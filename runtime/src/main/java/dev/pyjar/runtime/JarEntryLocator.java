package dev.pyjar.runtime;

import static dev.pyjar.runtime.internal.ZipRecords.CENTRAL_HEADER_SIZE;
import static dev.pyjar.runtime.internal.ZipRecords.CENTRAL_SIGNATURE;
import static dev.pyjar.runtime.internal.ZipRecords.EOCD_SIZE;
import static dev.pyjar.runtime.internal.ZipRecords.LOCAL_HEADER_SIZE;
import static dev.pyjar.runtime.internal.ZipRecords.LOCAL_SIGNATURE;
import static dev.pyjar.runtime.internal.ZipRecords.SATURATED_32;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_EOCD_SIGNATURE;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_EOCD_SIZE;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_EXTRA_ID;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_LOCATOR_SIGNATURE;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_LOCATOR_SIZE;

import dev.pyjar.runtime.internal.ZipRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Finds where a stored (uncompressed) entry's bytes lie inside a zip file, so that they can be
 * mapped straight from the file. {@link java.util.zip.ZipFile} hides data offsets, hence this
 * small reader of the zip directory (Zip64 included: a GraalPy jar has more than 65,535 entries).
 * Every offset is checked against the file before it is followed.
 */
final class JarEntryLocator {
    /** Where an entry's data lies in the file, and whether it is stored as-is. */
    record EntryData(long offset, long size, boolean stored) {}

    private static final int STORED = 0;

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;

    private JarEntryLocator(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.fileSize = channel.size();
    }

    /** Returns the entry's data location, or {@code null} when the zip has no such entry. */
    static EntryData locate(Path zip, FileChannel channel, String entryName) throws IOException, PackLoadException {
        return new JarEntryLocator(zip, channel).find(entryName.getBytes(StandardCharsets.UTF_8));
    }

    private EntryData find(byte[] name) throws IOException, PackLoadException {
        long eocd = findEndOfCentralDirectory();
        ByteBuffer end = read(eocd, EOCD_SIZE);
        long entries = Short.toUnsignedInt(end.getShort(10));
        long cdSize = Integer.toUnsignedLong(end.getInt(12));
        long cdOffset = Integer.toUnsignedLong(end.getInt(16));
        if (entries == 0xFFFF || cdSize == SATURATED_32 || cdOffset == SATURATED_32) {
            ByteBuffer zip64 = readZip64End(eocd);
            entries = zip64.getLong(32);
            cdSize = zip64.getLong(40);
            cdOffset = zip64.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > fileSize || entries < 0) {
            throw damaged("central directory (" + cdSize + " bytes at offset " + cdOffset + ") lies outside the file");
        }
        ByteBuffer cd = channel.map(FileChannel.MapMode.READ_ONLY, cdOffset, cdSize).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        for (long i = 0; i < entries; i++) {
            require(cd, pos, CENTRAL_HEADER_SIZE, "central directory entry " + i);
            if (cd.getInt(pos) != CENTRAL_SIGNATURE) {
                throw damaged("central directory entry " + i + " at offset " + (cdOffset + pos) + " has a bad signature");
            }
            int nameLength = Short.toUnsignedInt(cd.getShort(pos + 28));
            int extraLength = Short.toUnsignedInt(cd.getShort(pos + 30));
            int commentLength = Short.toUnsignedInt(cd.getShort(pos + 32));
            int recordLength = CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
            require(cd, pos, recordLength, "central directory entry " + i);
            if (nameLength == name.length && sameBytes(cd, pos + CENTRAL_HEADER_SIZE, name)) {
                return entryData(cd, pos, nameLength, extraLength);
            }
            pos += recordLength;
        }
        return null;
    }

    private EntryData entryData(ByteBuffer cd, int pos, int nameLength, int extraLength) throws IOException, PackLoadException {
        int method = Short.toUnsignedInt(cd.getShort(pos + 10));
        long compressedSize = Integer.toUnsignedLong(cd.getInt(pos + 20));
        long size = Integer.toUnsignedLong(cd.getInt(pos + 24));
        long localOffset = Integer.toUnsignedLong(cd.getInt(pos + 42));
        long[] zip64 = zip64Values(cd, pos + CENTRAL_HEADER_SIZE + nameLength, extraLength,
                size == SATURATED_32, compressedSize == SATURATED_32, localOffset == SATURATED_32);
        size = zip64[0] >= 0 ? zip64[0] : size;
        compressedSize = zip64[1] >= 0 ? zip64[1] : compressedSize;
        localOffset = zip64[2] >= 0 ? zip64[2] : localOffset;
        if (localOffset + LOCAL_HEADER_SIZE > fileSize) {
            throw damaged("local header offset " + localOffset + " lies outside the file");
        }
        ByteBuffer local = read(localOffset, LOCAL_HEADER_SIZE);
        if (local.getInt(0) != LOCAL_SIGNATURE) {
            throw damaged("local header at offset " + localOffset + " has a bad signature");
        }
        long dataOffset = localOffset + LOCAL_HEADER_SIZE
                + Short.toUnsignedInt(local.getShort(26)) + Short.toUnsignedInt(local.getShort(28));
        if (dataOffset + compressedSize > fileSize) {
            throw damaged("entry data (" + compressedSize + " bytes at offset " + dataOffset + ") lies outside the file");
        }
        boolean stored = method == STORED && compressedSize == size;
        return new EntryData(dataOffset, stored ? size : compressedSize, stored);
    }

    /** Reads the Zip64 extra field: only the values whose 32-bit field was saturated are present, in this order. */
    private long[] zip64Values(ByteBuffer cd, int extraStart, int extraLength, boolean... wanted) throws PackLoadException {
        long[] values = {-1, -1, -1};
        int pos = extraStart;
        int end = extraStart + extraLength;
        while (pos + 4 <= end) {
            int id = Short.toUnsignedInt(cd.getShort(pos));
            int length = Short.toUnsignedInt(cd.getShort(pos + 2));
            if (pos + 4 + length > end) {
                throw damaged("extra field at offset " + pos + " of the central directory overruns its entry");
            }
            if (id == ZIP64_EXTRA_ID) {
                int field = pos + 4;
                for (int i = 0; i < wanted.length; i++) {
                    if (wanted[i] && field + 8 <= pos + 4 + length) {
                        values[i] = cd.getLong(field);
                        if (values[i] < 0) {
                            throw damaged("Zip64 value out of range");
                        }
                        field += 8;
                    }
                }
            }
            pos += 4 + length;
        }
        return values;
    }

    private long findEndOfCentralDirectory() throws IOException, PackLoadException {
        if (fileSize < EOCD_SIZE) {
            throw damaged("too short to be a zip file (" + fileSize + " bytes)");
        }
        long eocd = ZipRecords.endRecord(channel, fileSize);
        if (eocd < 0) {
            throw damaged("not a zip file (no end of central directory record)");
        }
        return eocd;
    }

    private ByteBuffer readZip64End(long eocd) throws IOException, PackLoadException {
        if (eocd < ZIP64_LOCATOR_SIZE) {
            throw damaged("Zip64 end of central directory locator is missing");
        }
        ByteBuffer locator = read(eocd - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
        if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
            throw damaged("Zip64 end of central directory locator is missing");
        }
        long offset = locator.getLong(8);
        if (offset < 0 || offset + ZIP64_EOCD_SIZE > fileSize) {
            throw damaged("Zip64 end of central directory offset " + offset + " lies outside the file");
        }
        ByteBuffer record = read(offset, ZIP64_EOCD_SIZE);
        if (record.getInt(0) != ZIP64_EOCD_SIGNATURE) {
            throw damaged("Zip64 end of central directory record at offset " + offset + " has a bad signature");
        }
        return record;
    }

    private ByteBuffer read(long offset, int length) throws IOException, PackLoadException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw damaged("unexpected end of file at offset " + (offset + buffer.position()));
            }
        }
        return buffer;
    }

    private void require(ByteBuffer cd, int pos, int length, String what) throws PackLoadException {
        if ((long) pos + length > cd.limit()) {
            throw damaged(what + " overruns the central directory");
        }
    }

    private static boolean sameBytes(ByteBuffer buffer, int pos, byte[] expected) {
        byte[] actual = new byte[expected.length];
        buffer.get(pos, actual);
        return Arrays.equals(actual, expected);
    }

    private PackLoadException damaged(String what) {
        return new PackLoadException(file + ": damaged jar: " + what);
    }
}
