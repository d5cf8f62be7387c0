package dev.pyjar.pack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Where things are in a pack (FORMAT.md is the prose version of these numbers). */
final class PackLayout {
    static final byte[] MAGIC = "PYJARPK\0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;

    static final int HEADER_SIZE = 64;
    static final int VERSION_AT = 8;
    static final int FLAGS_AT = 10;
    static final int HEADER_LENGTH_AT = 12;
    static final int PACK_LENGTH_AT = 16;
    static final int MODULE_COUNT_AT = 20;
    static final int MODULE_TABLE_AT = 24;
    static final int RESOURCE_COUNT_AT = 28;
    static final int RESOURCE_TABLE_AT = 32;
    static final int META_AT = 36;
    static final int META_LENGTH_AT = 40;
    static final int META_CRC_AT = 44;
    static final int RESERVED_AT = 48;
    static final int HEADER_CRC_AT = 60;

    /** Both record kinds start with the name's offset (u32) and length (u16), and end with their own CRC. */
    static final int NAME_OFFSET_AT = 0;
    static final int NAME_LENGTH_AT = 4;

    static final int MODULE_RECORD_SIZE = 36;
    static final int MODULE_KIND_AT = 6;
    static final int MODULE_FLAGS_AT = 7;
    static final int MODULE_CODE_AT = 8;
    static final int MODULE_SOURCE_AT = 20;
    static final int HAS_CODE = 1;
    static final int HAS_SOURCE = 2;

    static final int RESOURCE_RECORD_SIZE = 24;
    static final int RESOURCE_RESERVED_AT = 6;
    static final int RESOURCE_DATA_AT = 8;

    /** A blob reference is offset, length, CRC32C: three u32. */
    static final int BLOB_REF_SIZE = 12;

    /**
     * The writer starts both index tables and every blob at a multiple of this. The pack itself
     * starts page-aligned in the jar, so the offset's alignment is the mapped address's alignment.
     */
    static final int ALIGNMENT = 8;

    private PackLayout() {}

    static long align(long offset) {
        return (offset + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** CRC32C of {@code length} bytes at {@code offset}, then of {@code more} bytes at {@code moreOffset}. */
    static int crc32c(ByteBuffer pack, int offset, int length, int moreOffset, int more) {
        CRC32C crc = new CRC32C();
        crc.update(pack.slice(offset, length));
        if (more > 0) {
            crc.update(pack.slice(moreOffset, more));
        }
        return (int) crc.getValue();
    }
}
