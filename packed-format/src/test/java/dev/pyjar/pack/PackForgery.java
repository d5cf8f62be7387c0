package dev.pyjar.pack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.zip.CRC32C;

/** Edits a pack's bytes and recomputes its checksums, so that a test reaches the checks behind them. */
final class PackForgery {
    final ByteBuffer pack;

    PackForgery(byte[] pack) {
        this.pack = ByteBuffer.wrap(pack.clone()).order(ByteOrder.LITTLE_ENDIAN);
    }

    int moduleRecord(int index) {
        return pack.getInt(PackLayout.MODULE_TABLE_AT) + index * PackLayout.MODULE_RECORD_SIZE;
    }

    int resourceRecord(int index) {
        return pack.getInt(PackLayout.RESOURCE_TABLE_AT) + index * PackLayout.RESOURCE_RECORD_SIZE;
    }

    /** Recomputes every record CRC whose name still lies inside the pack, the metadata CRC and the header CRC. */
    PackForgery reseal() {
        long moduleCount = Integer.toUnsignedLong(pack.getInt(PackLayout.MODULE_COUNT_AT));
        long resourceCount = Integer.toUnsignedLong(pack.getInt(PackLayout.RESOURCE_COUNT_AT));
        for (int i = 0; i < moduleCount && inside(moduleRecord(i), PackLayout.MODULE_RECORD_SIZE); i++) {
            resealRecord(moduleRecord(i), PackLayout.MODULE_RECORD_SIZE);
        }
        for (int i = 0; i < resourceCount && inside(resourceRecord(i), PackLayout.RESOURCE_RECORD_SIZE); i++) {
            resealRecord(resourceRecord(i), PackLayout.RESOURCE_RECORD_SIZE);
        }
        int meta = pack.getInt(PackLayout.META_AT);
        int metaLength = pack.getInt(PackLayout.META_LENGTH_AT);
        if (meta >= 0 && metaLength >= 0 && inside(meta, metaLength)) {
            pack.putInt(PackLayout.META_CRC_AT, crc(meta, metaLength));
        }
        pack.putInt(PackLayout.HEADER_CRC_AT, crc(0, PackLayout.HEADER_CRC_AT));
        return this;
    }

    private void resealRecord(int record, int size) {
        int nameOffset = pack.getInt(record + PackLayout.NAME_OFFSET_AT);
        int nameLength = Short.toUnsignedInt(pack.getShort(record + PackLayout.NAME_LENGTH_AT));
        if (nameOffset >= 0 && inside(nameOffset, nameLength)) {
            pack.putInt(record + size - 4, PackLayout.crc32c(pack, record, size - 4, nameOffset, nameLength));
        }
    }

    private boolean inside(long offset, long length) {
        return offset >= 0 && offset + length <= pack.limit();
    }

    private int crc(int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(pack.slice(offset, length));
        return (int) crc.getValue();
    }

    /** The bytes of a valid pack that some checksum covers: everything but the writer's alignment padding. */
    static BitSet coveredBytes(byte[] bytes) throws PackFormatException {
        PackForgery view = new PackForgery(bytes);
        PackReader reader = PackReader.open(view.pack);
        BitSet covered = new BitSet(bytes.length);
        covered.set(0, PackLayout.HEADER_SIZE);
        int meta = view.pack.getInt(PackLayout.META_AT);
        covered.set(meta, meta + view.pack.getInt(PackLayout.META_LENGTH_AT));
        for (int i = 0; i < reader.moduleCount(); i++) {
            int record = view.moduleRecord(i);
            covered.set(record, record + PackLayout.MODULE_RECORD_SIZE);
            coverName(view.pack, record, covered);
            ModuleEntry module = reader.moduleAt(i);
            module.code().ifPresent(blob -> covered.set(blob.offset(), blob.offset() + blob.length()));
            module.source().ifPresent(blob -> covered.set(blob.offset(), blob.offset() + blob.length()));
        }
        for (int i = 0; i < reader.resourceCount(); i++) {
            int record = view.resourceRecord(i);
            covered.set(record, record + PackLayout.RESOURCE_RECORD_SIZE);
            coverName(view.pack, record, covered);
            Blob data = reader.resourceAt(i).data();
            covered.set(data.offset(), data.offset() + data.length());
        }
        return covered;
    }

    private static void coverName(ByteBuffer pack, int record, BitSet covered) {
        int offset = pack.getInt(record + PackLayout.NAME_OFFSET_AT);
        covered.set(offset, offset + Short.toUnsignedInt(pack.getShort(record + PackLayout.NAME_LENGTH_AT)));
    }
}
