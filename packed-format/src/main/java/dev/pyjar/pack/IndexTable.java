package dev.pyjar.pack;

import static dev.pyjar.pack.PackLayout.*;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One sorted table of fixed-size records (the module index or the resource index), read in place.
 * A record is trusted only after its own CRC32C, which covers the record and its name, has been
 * checked; every offset is checked against the pack's length before it is followed.
 */
final class IndexTable {
    private final ByteBuffer pack;
    private final String kind;
    private final int table;
    private final int count;
    private final int recordSize;

    IndexTable(ByteBuffer pack, String kind, int table, int count, int recordSize) {
        this.pack = pack;
        this.kind = kind;
        this.table = table;
        this.count = count;
        this.recordSize = recordSize;
    }

    int count() {
        return count;
    }

    /** The offset of record {@code index}, verified. */
    int record(int index) throws PackFormatException {
        if (index < 0 || index >= count) {
            throw new PackFormatException(kind + " index " + index + " is out of range (the pack has " + count + ")");
        }
        int record = table + index * recordSize;
        long nameOffset = Integer.toUnsignedLong(pack.getInt(record + NAME_OFFSET_AT));
        int nameLength = Short.toUnsignedInt(pack.getShort(record + NAME_LENGTH_AT));
        if (nameOffset + nameLength > pack.limit()) {
            throw new PackFormatException(kind + " record " + index + " at offset " + record + ": name (" + nameLength
                    + " bytes at offset " + nameOffset + ") lies outside the pack of " + pack.limit() + " bytes");
        }
        int stored = pack.getInt(record + recordSize - 4);
        if (crc32c(pack, record, recordSize - 4, (int) nameOffset, nameLength) != stored) {
            throw new PackFormatException(kind + " record " + index + " at offset " + record + " is damaged (checksum mismatch)");
        }
        return record;
    }

    String name(int index, int record) throws PackFormatException {
        int offset = pack.getInt(record + NAME_OFFSET_AT);
        int length = Short.toUnsignedInt(pack.getShort(record + NAME_LENGTH_AT));
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(pack.slice(offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new PackFormatException(kind + " record " + index + ": name at offset " + offset + " is not valid UTF-8");
        }
    }

    /** A blob reference at {@code refAt} in a verified record, checked to lie inside the pack. */
    Blob blob(int index, int refAt, String what) throws PackFormatException {
        long offset = Integer.toUnsignedLong(pack.getInt(refAt));
        long length = Integer.toUnsignedLong(pack.getInt(refAt + 4));
        if (offset + length > pack.limit()) {
            throw new PackFormatException(kind + " record " + index + ": " + what + " (" + length + " bytes at offset "
                    + offset + ") lies outside the pack of " + pack.limit() + " bytes");
        }
        return new Blob((int) offset, (int) length, pack.getInt(refAt + 8));
    }

    /** The index of the record whose name is exactly {@code key}, or -1. At most ceil(log2(n+1)) probes. */
    int find(byte[] key) throws PackFormatException {
        int index = lowerBound(key, false);
        return index < count && compare(index, key, false) == 0 ? index : -1;
    }

    /** {@code [from, to)}: the records whose names start with {@code prefix}. */
    int[] prefixRange(byte[] prefix) throws PackFormatException {
        int from = lowerBound(prefix, false);
        int to = from;
        int high = count;
        while (to < high) {
            int middle = (to + high) >>> 1;
            if (compare(middle, prefix, true) <= 0) {
                to = middle + 1;
            } else {
                high = middle;
            }
        }
        return new int[] {from, to};
    }

    /** The first record whose name is not below {@code key} (or, as a prefix, not below its prefix). */
    private int lowerBound(byte[] key, boolean asPrefix) throws PackFormatException {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (compare(middle, key, asPrefix) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Compares record {@code index}'s name with {@code key} as unsigned bytes, without decoding it.
     * With {@code truncate}, only the name's first {@code key.length} bytes count, so every name
     * that starts with {@code key} compares equal.
     */
    private int compare(int index, byte[] key, boolean truncate) throws PackFormatException {
        int record = record(index);
        int offset = pack.getInt(record + NAME_OFFSET_AT);
        int length = Short.toUnsignedInt(pack.getShort(record + NAME_LENGTH_AT));
        if (truncate) {
            length = Math.min(length, key.length);
        }
        int common = Math.min(length, key.length);
        for (int i = 0; i < common; i++) {
            int difference = Byte.toUnsignedInt(pack.get(offset + i)) - Byte.toUnsignedInt(key[i]);
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(length, key.length);
    }
}
