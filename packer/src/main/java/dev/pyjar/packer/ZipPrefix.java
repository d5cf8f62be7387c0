package dev.pyjar.packer;

import static dev.pyjar.runtime.internal.ZipRecords.CENTRAL_HEADER_SIZE;
import static dev.pyjar.runtime.internal.ZipRecords.CENTRAL_SIGNATURE;
import static dev.pyjar.runtime.internal.ZipRecords.EOCD_SIZE;
import static dev.pyjar.runtime.internal.ZipRecords.SATURATED_32;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_EOCD_SIGNATURE;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_EXTRA_ID;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_LOCATOR_SIGNATURE;
import static dev.pyjar.runtime.internal.ZipRecords.ZIP64_LOCATOR_SIZE;

import dev.pyjar.runtime.internal.ZipRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Puts bytes (a launch script) in front of a zip file and moves every offset the zip records by
 * their length, as {@code zip -A} does: the result is a well-formed zip that any reader accepts,
 * including those that do not tolerate unaccounted-for leading bytes. Local headers hold no
 * offsets; the central directory's entries, the Zip64 end record and locator, and the end record
 * do.
 */
final class ZipPrefix {
    private ZipPrefix() {}

    /** Writes {@code prefix} and then {@code zip}, its offsets moved, to {@code output}. */
    static void prepend(byte[] prefix, Path zip, Path output) throws IOException {
        try (FileChannel in = FileChannel.open(zip, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(output, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            long eocd = endOfCentralDirectory(in, size);
            ByteBuffer end = read(in, eocd, EOCD_SIZE);
            long centralDirectory = Integer.toUnsignedLong(end.getInt(16));
            long zip64End = -1;
            if (eocd >= ZIP64_LOCATOR_SIZE && read(in, eocd - ZIP64_LOCATOR_SIZE, 4).getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
                zip64End = read(in, eocd - ZIP64_LOCATOR_SIZE + 8, 8).getLong(0);
                centralDirectory = read(in, zip64End + 48, 8).getLong(0);
            }
            ByteBuffer tail = read(in, centralDirectory, Math.toIntExact(size - centralDirectory));
            long shift = prefix.length;
            moveCentralDirectory(tail, Math.toIntExact((zip64End >= 0 ? zip64End : eocd) - centralDirectory), shift);
            if (zip64End >= 0) {
                int record = Math.toIntExact(zip64End - centralDirectory);
                check(tail.getInt(record) == ZIP64_EOCD_SIGNATURE, "no Zip64 end record where its locator points");
                tail.putLong(record + 48, tail.getLong(record + 48) + shift);
                int locator = Math.toIntExact(eocd - ZIP64_LOCATOR_SIZE - centralDirectory);
                tail.putLong(locator + 8, tail.getLong(locator + 8) + shift);
            }
            int endRecord = Math.toIntExact(eocd - centralDirectory);
            tail.putInt(endRecord + 16, (int) moved32(Integer.toUnsignedLong(tail.getInt(endRecord + 16)), shift));
            out.write(ByteBuffer.wrap(prefix));
            for (long done = 0; done < centralDirectory; ) {
                done += in.transferTo(done, centralDirectory - done, out);
            }
            out.write(tail.rewind());
        }
    }

    /** Moves the local header offset of every central directory entry in {@code tail}'s first {@code length} bytes. */
    private static void moveCentralDirectory(ByteBuffer tail, int length, long shift) throws IOException {
        for (int pos = 0; pos < length; ) {
            check(tail.getInt(pos) == CENTRAL_SIGNATURE, "bad central directory entry at " + pos);
            int nameLength = Short.toUnsignedInt(tail.getShort(pos + 28));
            int extraLength = Short.toUnsignedInt(tail.getShort(pos + 30));
            int commentLength = Short.toUnsignedInt(tail.getShort(pos + 32));
            long offset = Integer.toUnsignedLong(tail.getInt(pos + 42));
            if (offset == SATURATED_32) {
                moveZip64Offset(tail, pos, pos + CENTRAL_HEADER_SIZE + nameLength, extraLength, shift);
            } else {
                tail.putInt(pos + 42, (int) moved32(offset, shift));
            }
            pos += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
        }
    }

    /** The Zip64 extra field holds, in this order, those of size, compressed size and offset whose 32-bit field is saturated. */
    private static void moveZip64Offset(ByteBuffer tail, int entry, int extra, int extraLength, long shift) throws IOException {
        for (int pos = extra; pos + 4 <= extra + extraLength; pos += 4 + Short.toUnsignedInt(tail.getShort(pos + 2))) {
            if (Short.toUnsignedInt(tail.getShort(pos)) == ZIP64_EXTRA_ID) {
                int field = pos + 4;
                field += Integer.toUnsignedLong(tail.getInt(entry + 24)) == SATURATED_32 ? 8 : 0;
                field += Integer.toUnsignedLong(tail.getInt(entry + 20)) == SATURATED_32 ? 8 : 0;
                tail.putLong(field, tail.getLong(field) + shift);
                return;
            }
        }
        throw new IOException("a central directory entry's Zip64 offset is missing");
    }

    /** A 32-bit offset field's new value; a saturated field stays so (its value lives in a Zip64 record). */
    private static long moved32(long offset, long shift) throws IOException {
        if (offset == SATURATED_32) {
            return offset;
        }
        check(offset + shift < SATURATED_32, "the launch script would push an offset past 4 GB");
        return offset + shift;
    }

    private static long endOfCentralDirectory(FileChannel in, long size) throws IOException {
        long eocd = ZipRecords.endRecord(in, size);
        if (eocd < 0) {
            throw new IOException("not a zip file: no end of central directory record");
        }
        return eocd;
    }

    private static ByteBuffer read(FileChannel in, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("unexpected end of zip file at offset " + (offset + buffer.position()));
            }
        }
        return buffer;
    }

    private static void check(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException("cannot put a launch script in front of the jar: " + problem);
        }
    }
}
