package dev.pyjar.pack;

import static dev.pyjar.pack.PackLayout.*;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

/**
 * One sorted table of fixed-size records (the module index or the resource index), read in place.
 * A record is trusted only after its own CRC32C, which covers the record and its name, has been
 * checked; that happens each time a record is touched, so opening never has to walk the table.
 */
final class IndexTable {
    private final ByteBuffer pack;
    private final String kind;
    private final int table;
    private final int count;
    private final int recordSize;

    /** {@code table + count × recordSize} must already be known to lie inside {@code pack}. */
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

    /** The offset of record {@code index}, after checking that its name lies inside the pack and its checksum matches. */
    int record(int index) throws PackFormatException {
        if (index < 0 || index >= count) {
            throw new PackFormatException(kind + " index " + index + " is out of range (the pack has " + count + ")");
        }
        int record = offsetOf(index);
        long nameOffset = Integer.toUnsignedLong(pack.getInt(record + NAME_OFFSET_AT));
        int nameLength = nameLength(record);
        if (nameOffset + nameLength > pack.limit()) {
            throw new PackFormatException(kind + " record " + index + " at offset " + record + ": its name (" + nameLength
                    + " bytes at offset " + nameOffset + ") lies outside the pack of " + pack.limit() + " bytes");
        }
        int stored = pack.getInt(record + recordSize - 4);
        if (crc32c(pack, record, recordSize - 4, (int) nameOffset, nameLength) != stored) {
            throw new PackFormatException(kind + " record " + index + " at offset " + record + " is damaged (checksum mismatch)");
        }
        return record;
    }

    /**
     * The offset of record {@code index} without checking it: only for a record that {@link #find}
     * has just checked, so that a lookup reads each probed record once.
     */
    int offsetOf(int index) {
        return table + index * recordSize;
    }

    /** The name of the checked record at {@code record}, strictly decoded. */
    String name(int index, int record) throws PackFormatException {
        int offset = nameOffset(record);
        try {
            return Utf8Names.decode(pack.slice(offset, nameLength(record)));
        } catch (CharacterCodingException e) {
            throw new PackFormatException(kind + " record " + index + ": its name at offset " + offset + " is not valid UTF-8");
        }
    }

    /** The blob reference at {@code refAt} in a checked record, itself checked to lie inside the pack. */
    Blob blob(int index, int refAt, String what) throws PackFormatException {
        long offset = Integer.toUnsignedLong(pack.getInt(refAt));
        long length = Integer.toUnsignedLong(pack.getInt(refAt + 4));
        if (offset + length > pack.limit()) {
            throw new PackFormatException(kind + " record " + index + ": " + what + " (" + length + " bytes at offset "
                    + offset + ") lies outside the pack of " + pack.limit() + " bytes");
        }
        return new Blob((int) offset, (int) length, pack.getInt(refAt + 8));
    }

    /**
     * The index of the record named exactly {@code key}, or -1. A plain binary search that stops on
     * a match, so it checks at most ceil(log2(n+1)) records. On an unsorted table it may miss, but
     * it still ends and stays in bounds.
     */
    int find(byte[] key) throws PackFormatException {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = compare(middle, key, false);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    /** {@code [from, to)}: the records whose names start with {@code prefix}. Two binary searches. */
    int[] prefixRange(byte[] prefix) throws PackFormatException {
        int from = firstNotBelow(prefix, 0, false);
        return new int[] {from, firstNotBelow(prefix, from, true)};
    }

    /**
     * The first record at or after {@code low} whose name is not below {@code key}; with
     * {@code pastPrefix}, the first whose name is above every name that starts with {@code key}.
     */
    private int firstNotBelow(byte[] key, int low, boolean pastPrefix) throws PackFormatException {
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            int order = compare(middle, key, pastPrefix);
            if (order < 0 || pastPrefix && order == 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Record {@code index}'s name against {@code key}, as unsigned bytes, without decoding it. With
     * {@code asPrefix} only the name's first {@code key.length} bytes count, so every name that
     * starts with {@code key} compares equal.
     */
    private int compare(int index, byte[] key, boolean asPrefix) throws PackFormatException {
        int record = record(index);
        int length = nameLength(record);
        return Utf8Names.compare(pack, nameOffset(record), asPrefix ? Math.min(length, key.length) : length, key);
    }

    private int nameOffset(int record) {
        return pack.getInt(record + NAME_OFFSET_AT);
    }

    private int nameLength(int record) {
        return Short.toUnsignedInt(pack.getShort(record + NAME_LENGTH_AT));
    }
}
