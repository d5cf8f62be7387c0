package dev.pyjar.pack;

import static dev.pyjar.pack.PackLayout.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a pack in memory. The output depends only on what was added, never on the order it was
 * added in: entries and properties are sorted by the UTF-8 bytes of their names.
 */
public final class PackWriter {
    private record PendingModule(byte[] name, ModuleKind kind, byte[] code, byte[] source) {}

    private final RuntimeTag tag;
    private final Map<byte[], byte[]> properties = new TreeMap<>(Arrays::compareUnsigned);
    private final Map<byte[], PendingModule> modules = new TreeMap<>(Arrays::compareUnsigned);
    private final Map<byte[], byte[]> resources = new TreeMap<>(Arrays::compareUnsigned);

    public PackWriter(RuntimeTag tag) {
        this.tag = tag;
        utf8(tag.graalPyVersion(), "GraalPy version");
        utf8(tag.cacheTag(), "cache tag");
    }

    /** Adds a metadata property; see {@link PackProperties} for pyjar's own. */
    public PackWriter property(String key, String value) {
        byte[] keyBytes = utf8(key, "property key");
        if (properties.containsKey(keyBytes)) {
            throw new IllegalArgumentException("duplicate pack property '" + key + "'");
        }
        if (properties.size() == PackLimits.MAX_PROPERTIES) {
            throw new IllegalArgumentException("a pack holds at most " + PackLimits.MAX_PROPERTIES + " properties");
        }
        properties.put(keyBytes, utf8(value, "property value"));
        return this;
    }

    /**
     * Adds a module. {@code code} is its marshalled code object, {@code source} its source as UTF-8
     * (stored compressed); either may be null, and a namespace package has neither.
     */
    public PackWriter addModule(String name, ModuleKind kind, byte[] code, byte[] source) {
        String problem = EntryNames.moduleNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (kind == ModuleKind.NAMESPACE_PACKAGE && (code != null || source != null)) {
            throw new IllegalArgumentException("namespace package '" + name + "' cannot have code or source");
        }
        byte[] key = utf8(name, "module name");
        if (modules.putIfAbsent(key, new PendingModule(key, kind, copy(code), source == null ? null : SourceBlobs.encode(source))) != null) {
            throw new IllegalArgumentException("duplicate module '" + name + "'");
        }
        return this;
    }

    /** Adds a data file under its '/'-separated path below the import root. */
    public PackWriter addResource(String path, byte[] data) {
        String problem = EntryNames.resourcePathProblem(path);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (resources.putIfAbsent(utf8(path, "resource path"), data.clone()) != null) {
            throw new IllegalArgumentException("duplicate resource '" + path + "'");
        }
        return this;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(toByteArray());
    }

    /** The pack: the same bytes for the same entries and properties, whatever order they were added in. */
    public byte[] toByteArray() {
        byte[] meta = meta();
        long moduleTable = align(HEADER_SIZE + (long) meta.length);
        long resourceTable = align(moduleTable + (long) modules.size() * MODULE_RECORD_SIZE);
        long names = resourceTable + (long) resources.size() * RESOURCE_RECORD_SIZE;
        long blobs = names;
        for (byte[] name : modules.keySet()) {
            blobs += name.length;
        }
        for (byte[] path : resources.keySet()) {
            blobs += path.length;
        }
        // Walk the blobs in the order Cursor places them, padding included.
        long total = blobs;
        for (PendingModule module : modules.values()) {
            total = end(total, module.code());
            total = end(total, module.source());
        }
        for (byte[] data : resources.values()) {
            total = end(total, data);
        }
        if (total > PackLimits.MAX_PACK_BYTES) {
            throw new IllegalStateException("the pack would be " + total + " bytes; packs are limited to " + PackLimits.MAX_PACK_BYTES);
        }
        ByteBuffer pack = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        Cursor cursor = new Cursor((int) names, (int) blobs);

        pack.put(HEADER_SIZE, meta);
        int record = (int) moduleTable;
        for (PendingModule module : modules.values()) {
            int nameOffset = cursor.name(pack, module.name());
            pack.putInt(record + NAME_OFFSET_AT, nameOffset);
            pack.putShort(record + NAME_LENGTH_AT, (short) module.name().length);
            pack.put(record + MODULE_KIND_AT, (byte) module.kind().ordinal());
            pack.put(record + MODULE_FLAGS_AT, (byte) ((module.code() != null ? HAS_CODE : 0) | (module.source() != null ? HAS_SOURCE : 0)));
            cursor.blob(pack, record + MODULE_CODE_AT, module.code());
            cursor.blob(pack, record + MODULE_SOURCE_AT, module.source());
            sealRecord(pack, record, MODULE_RECORD_SIZE, nameOffset, module.name().length);
            record += MODULE_RECORD_SIZE;
        }
        record = (int) resourceTable;
        for (Map.Entry<byte[], byte[]> resource : resources.entrySet()) {
            int nameOffset = cursor.name(pack, resource.getKey());
            pack.putInt(record + NAME_OFFSET_AT, nameOffset);
            pack.putShort(record + NAME_LENGTH_AT, (short) resource.getKey().length);
            cursor.blob(pack, record + RESOURCE_DATA_AT, resource.getValue());
            sealRecord(pack, record, RESOURCE_RECORD_SIZE, nameOffset, resource.getKey().length);
            record += RESOURCE_RECORD_SIZE;
        }

        pack.put(0, MAGIC);
        pack.putShort(VERSION_AT, (short) VERSION);
        pack.putShort(FLAGS_AT, (short) 0);
        pack.putInt(HEADER_LENGTH_AT, HEADER_SIZE);
        pack.putInt(PACK_LENGTH_AT, (int) total);
        pack.putInt(MODULE_COUNT_AT, modules.size());
        pack.putInt(MODULE_TABLE_AT, (int) moduleTable);
        pack.putInt(RESOURCE_COUNT_AT, resources.size());
        pack.putInt(RESOURCE_TABLE_AT, (int) resourceTable);
        pack.putInt(META_AT, HEADER_SIZE);
        pack.putInt(META_LENGTH_AT, meta.length);
        pack.putInt(META_CRC_AT, crc32c(pack, HEADER_SIZE, meta.length, 0, 0));
        pack.putInt(HEADER_CRC_AT, crc32c(pack, 0, HEADER_CRC_AT, 0, 0));
        return pack.array();
    }

    /** Hands out space in the name region and the blob region, in the order records are written. */
    private static final class Cursor {
        private int name;
        private int blob;

        Cursor(int names, int blobs) {
            this.name = names;
            this.blob = blobs;
        }

        int name(ByteBuffer pack, byte[] bytes) {
            int offset = name;
            pack.put(offset, bytes);
            name += bytes.length;
            return offset;
        }

        void blob(ByteBuffer pack, int refAt, byte[] bytes) {
            if (bytes == null) {
                return;
            }
            blob = (int) align(blob);
            pack.put(blob, bytes);
            pack.putInt(refAt, blob);
            pack.putInt(refAt + 4, bytes.length);
            pack.putInt(refAt + 8, crc32c(pack, blob, bytes.length, 0, 0));
            blob += bytes.length;
        }
    }

    private static void sealRecord(ByteBuffer pack, int record, int size, int nameOffset, int nameLength) {
        pack.putInt(record + size - 4, crc32c(pack, record, size - 4, nameOffset, nameLength));
    }

    private byte[] meta() {
        ByteBuffer meta = ByteBuffer.allocate(metaSize()).order(ByteOrder.LITTLE_ENDIAN);
        meta.putInt(tag.bytecodeMagic());
        putString(meta, utf8(tag.graalPyVersion(), "GraalPy version"));
        putString(meta, utf8(tag.cacheTag(), "cache tag"));
        meta.putShort((short) properties.size());
        properties.forEach((key, value) -> {
            putString(meta, key);
            putString(meta, value);
        });
        return meta.array();
    }

    private int metaSize() {
        long size = 4 + 2 + utf8(tag.graalPyVersion(), "").length + 2 + utf8(tag.cacheTag(), "").length + 2;
        for (Map.Entry<byte[], byte[]> property : properties.entrySet()) {
            size += 4 + property.getKey().length + property.getValue().length;
        }
        if (size > Integer.MAX_VALUE / 2) {
            throw new IllegalStateException("pack properties are too large: " + size + " bytes");
        }
        return (int) size;
    }

    /** Copies, so that a caller reusing its arrays cannot change a pack that is not written yet. */
    private static byte[] copy(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    private static void putString(ByteBuffer buffer, byte[] bytes) {
        buffer.putShort((short) bytes.length);
        buffer.put(bytes);
    }

    private static byte[] utf8(String text, String what) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > PackLimits.MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " is " + bytes.length + " bytes in UTF-8; the limit is " + PackLimits.MAX_NAME_BYTES);
        }
        return bytes;
    }

    /** Where the blob region ends after {@code bytes} (if any) is placed at the next aligned offset from {@code end}. */
    private static long end(long end, byte[] bytes) {
        return bytes == null ? end : align(end) + bytes.length;
    }
}
