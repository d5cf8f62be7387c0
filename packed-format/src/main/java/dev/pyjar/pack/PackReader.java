package dev.pyjar.pack;

import static dev.pyjar.pack.PackLayout.*;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a pack in place. Opening checks only the header and the metadata, so it costs the same
 * for ten modules or twenty thousand; each record is checked when it is first touched. Every
 * failure, whatever the input, is a {@link PackFormatException} saying what is wrong and where.
 */
public final class PackReader {
    private final ByteBuffer pack;
    private final RuntimeTag runtimeTag;
    private final Map<String, String> properties;
    private final IndexTable modules;
    private final IndexTable resources;

    private PackReader(ByteBuffer pack, RuntimeTag runtimeTag, Map<String, String> properties, IndexTable modules, IndexTable resources) {
        this.pack = pack;
        this.runtimeTag = runtimeTag;
        this.properties = properties;
        this.modules = modules;
        this.resources = resources;
    }

    /** Opens the pack that fills {@code buffer} from its position to its limit; the buffer itself is not changed. */
    public static PackReader open(ByteBuffer buffer) throws PackFormatException {
        ByteBuffer pack = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        int size = pack.limit();
        if (size < HEADER_SIZE) {
            throw new PackFormatException("not a pyjar pack: " + size + " bytes is shorter than the " + HEADER_SIZE + "-byte header");
        }
        byte[] magic = new byte[MAGIC.length];
        pack.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new PackFormatException("not a pyjar pack (magic " + hex(magic) + ", expected " + hex(MAGIC) + ")");
        }
        int version = Short.toUnsignedInt(pack.getShort(VERSION_AT));
        if (version > VERSION) {
            throw new PackFormatException("pack format version " + version + " is newer than this reader supports (max "
                    + VERSION + "); rebuild the pack with this pyjar or upgrade pyjar's runtime");
        }
        if (version < 1) {
            throw new PackFormatException("pack format version " + version + " does not exist");
        }
        if (crc32c(pack, 0, HEADER_CRC_AT, 0, 0) != pack.getInt(HEADER_CRC_AT)) {
            throw new PackFormatException("pack header is damaged (checksum mismatch)");
        }
        int flags = Short.toUnsignedInt(pack.getShort(FLAGS_AT));
        if (flags != 0) {
            throw new PackFormatException("pack uses flags 0x" + Integer.toHexString(flags) + " that this reader does not know");
        }
        long headerLength = unsigned(pack, HEADER_LENGTH_AT);
        long packLength = unsigned(pack, PACK_LENGTH_AT);
        if (headerLength != HEADER_SIZE) {
            throw new PackFormatException("pack header length is " + headerLength + ", expected " + HEADER_SIZE);
        }
        if (packLength != size) {
            throw new PackFormatException("pack is " + size + " bytes but its header says " + packLength
                    + (packLength > size ? " (truncated)" : " (trailing data)"));
        }
        IndexTable modules = table(pack, "module", MODULE_COUNT_AT, MODULE_TABLE_AT, MODULE_RECORD_SIZE);
        IndexTable resources = table(pack, "resource", RESOURCE_COUNT_AT, RESOURCE_TABLE_AT, RESOURCE_RECORD_SIZE);
        long metaAt = unsigned(pack, META_AT);
        long metaLength = unsigned(pack, META_LENGTH_AT);
        if (metaAt < HEADER_SIZE || metaAt + metaLength > size) {
            throw new PackFormatException("pack metadata (" + metaLength + " bytes at offset " + metaAt + ") lies outside the pack of " + size + " bytes");
        }
        if (crc32c(pack, (int) metaAt, (int) metaLength, 0, 0) != pack.getInt(META_CRC_AT)) {
            throw new PackFormatException("pack metadata at offset " + metaAt + " is damaged (checksum mismatch)");
        }
        ByteBuffer meta = pack.slice((int) metaAt, (int) metaLength).order(ByteOrder.LITTLE_ENDIAN);
        try {
            RuntimeTag tag = readTag(meta);
            Map<String, String> properties = readProperties(meta);
            if (meta.hasRemaining()) {
                throw new PackFormatException("pack metadata has " + meta.remaining() + " bytes after its last property");
            }
            return new PackReader(pack, tag, properties, modules, resources);
        } catch (BufferUnderflowException e) {
            throw new PackFormatException("pack metadata at offset " + metaAt + " ends in the middle of a field");
        }
    }

    private static IndexTable table(ByteBuffer pack, String kind, int countAt, int tableAt, int recordSize) throws PackFormatException {
        long count = unsigned(pack, countAt);
        long table = unsigned(pack, tableAt);
        if (table < HEADER_SIZE || table + count * recordSize > pack.limit()) {
            throw new PackFormatException("pack " + kind + " index (" + count + " records of " + recordSize + " bytes at offset "
                    + table + ") lies outside the pack of " + pack.limit() + " bytes");
        }
        return new IndexTable(pack, kind, (int) table, (int) count, recordSize);
    }

    private static RuntimeTag readTag(ByteBuffer meta) throws PackFormatException {
        int magic = meta.getInt();
        return new RuntimeTag(readString(meta, "GraalPy version"), readString(meta, "cache tag"), magic);
    }

    private static Map<String, String> readProperties(ByteBuffer meta) throws PackFormatException {
        int count = Short.toUnsignedInt(meta.getShort());
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = readString(meta, "property key");
            if (properties.put(key, readString(meta, "property value")) != null) {
                throw new PackFormatException("pack metadata has property '" + key + "' twice");
            }
        }
        return Collections.unmodifiableMap(properties);
    }

    private static String readString(ByteBuffer meta, String what) throws PackFormatException {
        int length = Short.toUnsignedInt(meta.getShort());
        if (length > meta.remaining()) {
            throw new PackFormatException("pack metadata: " + what + " of " + length + " bytes overruns the metadata");
        }
        ByteBuffer bytes = meta.slice(meta.position(), length);
        meta.position(meta.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new PackFormatException("pack metadata: " + what + " is not valid UTF-8");
        }
    }

    public RuntimeTag runtimeTag() {
        return runtimeTag;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public int moduleCount() {
        return modules.count();
    }

    public int resourceCount() {
        return resources.count();
    }

    public Optional<ModuleEntry> findModule(String name) throws PackFormatException {
        int index = modules.find(name.getBytes(StandardCharsets.UTF_8));
        return index < 0 ? Optional.empty() : Optional.of(moduleAt(index));
    }

    public ModuleEntry moduleAt(int index) throws PackFormatException {
        int record = modules.record(index);
        String name = modules.name(index, record);
        String problem = EntryNames.moduleNameProblem(name);
        if (problem != null) {
            throw new PackFormatException("module record " + index + ": " + problem);
        }
        int kindByte = Byte.toUnsignedInt(pack.get(record + MODULE_KIND_AT));
        int flags = Byte.toUnsignedInt(pack.get(record + MODULE_FLAGS_AT));
        if (kindByte >= ModuleKind.values().length) {
            throw new PackFormatException("module record " + index + " (" + name + "): unknown kind " + kindByte);
        }
        if ((flags & ~(HAS_CODE | HAS_SOURCE)) != 0) {
            throw new PackFormatException("module record " + index + " (" + name + "): unknown flags 0x" + Integer.toHexString(flags));
        }
        ModuleKind kind = ModuleKind.values()[kindByte];
        if (kind == ModuleKind.NAMESPACE_PACKAGE && flags != 0) {
            throw new PackFormatException("module record " + index + " (" + name + "): a namespace package cannot have code or source");
        }
        Blob code = (flags & HAS_CODE) != 0 ? modules.blob(index, record + MODULE_CODE_AT, "code of " + name) : null;
        Blob source = (flags & HAS_SOURCE) != 0 ? modules.blob(index, record + MODULE_SOURCE_AT, "source of " + name) : null;
        return new ModuleEntry(index, name, kind, code, source);
    }

    public Optional<ResourceEntry> findResource(String path) throws PackFormatException {
        int index = resources.find(path.getBytes(StandardCharsets.UTF_8));
        return index < 0 ? Optional.empty() : Optional.of(resourceAt(index));
    }

    public ResourceEntry resourceAt(int index) throws PackFormatException {
        int record = resources.record(index);
        String path = resources.name(index, record);
        String problem = EntryNames.resourcePathProblem(path);
        if (problem != null) {
            throw new PackFormatException("resource record " + index + ": " + problem);
        }
        if (pack.getShort(record + RESOURCE_RESERVED_AT) != 0) {
            throw new PackFormatException("resource record " + index + " (" + path + "): reserved field is not zero");
        }
        return new ResourceEntry(index, path, resources.blob(index, record + RESOURCE_DATA_AT, "data of " + path));
    }

    /** {@code [from, to)} of the modules whose names start with {@code prefix} (e.g. {@code "pkg."}). */
    public int[] moduleRange(String prefix) throws PackFormatException {
        return modules.prefixRange(prefix.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code [from, to)} of the resources whose paths start with {@code prefix} (e.g. {@code "pkg/data/"}). */
    public int[] resourceRange(String prefix) throws PackFormatException {
        return resources.prefixRange(prefix.getBytes(StandardCharsets.UTF_8));
    }

    /** The blob's bytes, as a read-only view into the pack, after its checksum has been verified. */
    public ByteBuffer read(Blob blob) throws PackFormatException {
        verify(blob);
        return pack.slice(blob.offset(), blob.length()).asReadOnlyBuffer();
    }

    /** Checks the blob's CRC32C. */
    public void verify(Blob blob) throws PackFormatException {
        if (blob.offset() < 0 || blob.length() < 0 || (long) blob.offset() + blob.length() > pack.limit()) {
            throw new PackFormatException("blob of " + blob.length() + " bytes at offset " + blob.offset() + " lies outside the pack");
        }
        if (crc32c(pack, blob.offset(), blob.length(), 0, 0) != blob.crc32c()) {
            throw new PackFormatException("blob of " + blob.length() + " bytes at offset " + blob.offset() + " is damaged (checksum mismatch)");
        }
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
