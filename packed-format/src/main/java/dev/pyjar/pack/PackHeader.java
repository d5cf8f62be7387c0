package dev.pyjar.pack;

import static dev.pyjar.pack.PackLayout.*;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The 64-byte header, checked: after {@link #read} every region it points to is known to lie
 * inside the pack, so later reads of the index tables and metadata cannot go out of bounds.
 */
final class PackHeader {
    final int moduleCount;
    final int moduleTable;
    final int resourceCount;
    final int resourceTable;
    final int metadataOffset;
    final int metadataLength;

    private PackHeader(int moduleCount, int moduleTable, int resourceCount, int resourceTable, int metadataOffset, int metadataLength) {
        this.moduleCount = moduleCount;
        this.moduleTable = moduleTable;
        this.resourceCount = resourceCount;
        this.resourceTable = resourceTable;
        this.metadataOffset = metadataOffset;
        this.metadataLength = metadataLength;
    }

    /** {@code pack} is little-endian and exactly the pack's bytes (position 0, limit = its length). */
    static PackHeader read(ByteBuffer pack) throws PackFormatException {
        int size = pack.limit();
        if (size < HEADER_SIZE) {
            throw new PackFormatException("not a pyjar pack: " + size + " bytes is shorter than the " + HEADER_SIZE + "-byte header");
        }
        byte[] magic = new byte[MAGIC.length];
        pack.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new PackFormatException("not a pyjar pack (magic " + hex(magic) + ", expected " + hex(MAGIC) + ")");
        }
        // The version comes before the checksum: a newer writer may have moved the checksum.
        int version = Short.toUnsignedInt(pack.getShort(VERSION_AT));
        if (version > VERSION) {
            throw new PackFormatException("pack format version " + version + " is newer than this reader supports (max "
                    + VERSION + "); rebuild the pack with this pyjar or upgrade pyjar's runtime");
        }
        if (version < 1) {
            throw new PackFormatException("pack format version " + version + " does not exist");
        }
        if (version < VERSION) {
            throw new PackFormatException("pack format version " + version + " is older than this reader supports (only "
                    + VERSION + "); rebuild the pack with this pyjar");
        }
        if (crc32c(pack, 0, HEADER_CRC_AT, 0, 0) != pack.getInt(HEADER_CRC_AT)) {
            throw new PackFormatException("pack header is damaged (checksum mismatch at offset " + HEADER_CRC_AT + ")");
        }
        int flags = Short.toUnsignedInt(pack.getShort(FLAGS_AT));
        if (flags != 0) {
            throw new PackFormatException("pack uses flags 0x" + Integer.toHexString(flags) + " that this reader does not know");
        }
        long headerLength = unsigned(pack, HEADER_LENGTH_AT);
        if (headerLength != HEADER_SIZE) {
            throw new PackFormatException("pack header length is " + headerLength + ", expected " + HEADER_SIZE);
        }
        long packLength = unsigned(pack, PACK_LENGTH_AT);
        if (packLength != size) {
            throw new PackFormatException("pack is " + size + " bytes but its header says " + packLength
                    + (packLength > size ? " (truncated)" : " (trailing data)"));
        }
        for (int at = RESERVED_AT; at < HEADER_CRC_AT; at += 4) {
            if (pack.getInt(at) != 0) {
                throw new PackFormatException("pack header: reserved bytes at offset " + at + " are not zero");
            }
        }
        long moduleCount = unsigned(pack, MODULE_COUNT_AT);
        long moduleTable = region(pack, MODULE_TABLE_AT, moduleCount * MODULE_RECORD_SIZE,
                "module index (" + moduleCount + " records of " + MODULE_RECORD_SIZE + " bytes)");
        long resourceCount = unsigned(pack, RESOURCE_COUNT_AT);
        long resourceTable = region(pack, RESOURCE_TABLE_AT, resourceCount * RESOURCE_RECORD_SIZE,
                "resource index (" + resourceCount + " records of " + RESOURCE_RECORD_SIZE + " bytes)");
        long metadataLength = unsigned(pack, META_LENGTH_AT);
        long metadataOffset = region(pack, META_AT, metadataLength, "metadata");
        if (crc32c(pack, (int) metadataOffset, (int) metadataLength, 0, 0) != pack.getInt(META_CRC_AT)) {
            throw new PackFormatException("pack metadata at offset " + metadataOffset + " is damaged (checksum mismatch)");
        }
        return new PackHeader((int) moduleCount, (int) moduleTable, (int) resourceCount, (int) resourceTable,
                (int) metadataOffset, (int) metadataLength);
    }

    /**
     * The offset stored at {@code offsetAt}, checked so that {@code length} bytes from it lie after
     * the header and inside the pack. Counts and offsets are below 2^32, so a long cannot overflow.
     */
    private static long region(ByteBuffer pack, int offsetAt, long length, String what) throws PackFormatException {
        long offset = unsigned(pack, offsetAt);
        if (offset < HEADER_SIZE || offset + length > pack.limit()) {
            throw new PackFormatException("pack " + what + " needs " + length + " bytes at offset " + offset
                    + " (header field at offset " + offsetAt + ") but the pack has " + pack.limit() + " bytes, "
                    + HEADER_SIZE + " of them header");
        }
        return offset;
    }

    private static long unsigned(ByteBuffer pack, int at) {
        return Integer.toUnsignedLong(pack.getInt(at));
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}
