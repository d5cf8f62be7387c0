package dev.pyjar.pack;

import static dev.pyjar.pack.PackLayout.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a pack in place. Opening checks only the header and the metadata, so it costs the same
 * for ten modules or twenty thousand; each index record is checked when it is touched. Every
 * failure, whatever the input, is a {@link PackFormatException} saying what is wrong and where.
 * A reader never changes the buffer it was given and is safe to share between threads.
 */
public final class PackReader {
    private final ByteBuffer pack;
    private final PackMetadata metadata;
    private final IndexTable modules;
    private final IndexTable resources;

    private PackReader(ByteBuffer pack, PackMetadata metadata, IndexTable modules, IndexTable resources) {
        this.pack = pack;
        this.metadata = metadata;
        this.modules = modules;
        this.resources = resources;
    }

    /** Opens the pack that fills {@code buffer} from its position to its limit; the buffer itself is not changed. */
    public static PackReader open(ByteBuffer buffer) throws PackFormatException {
        // Only absolute gets on this private view from here on, so readers can share it across threads.
        ByteBuffer pack = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        PackHeader header = PackHeader.read(pack);
        return new PackReader(pack, PackMetadata.read(pack, header),
                new IndexTable(pack, "module", header.moduleTable, header.moduleCount, MODULE_RECORD_SIZE),
                new IndexTable(pack, "resource", header.resourceTable, header.resourceCount, RESOURCE_RECORD_SIZE));
    }

    public RuntimeTag runtimeTag() {
        return metadata.runtimeTag();
    }

    /** The pack's properties (see {@link PackProperties}); unmodifiable. */
    public Map<String, String> properties() {
        return metadata.properties();
    }

    public int moduleCount() {
        return modules.count();
    }

    public int resourceCount() {
        return resources.count();
    }

    /** The module named exactly {@code name}; checks at most ceil(log2(n+1)) index records. */
    public Optional<ModuleEntry> findModule(String name) throws PackFormatException {
        int index = modules.find(name.getBytes(StandardCharsets.UTF_8));
        return index < 0 ? Optional.empty() : Optional.of(module(index, modules.offsetOf(index)));
    }

    /** Module {@code index} in index order (sorted by the UTF-8 bytes of names). */
    public ModuleEntry moduleAt(int index) throws PackFormatException {
        return module(index, modules.record(index));
    }

    private ModuleEntry module(int index, int record) throws PackFormatException {
        String name = modules.name(index, record);
        String problem = EntryNames.moduleNameProblem(name);
        if (problem != null) {
            throw new PackFormatException("module record " + index + " at offset " + record + ": " + problem);
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

    /** The resource at exactly {@code path}; checks at most ceil(log2(n+1)) index records. */
    public Optional<ResourceEntry> findResource(String path) throws PackFormatException {
        int index = resources.find(path.getBytes(StandardCharsets.UTF_8));
        return index < 0 ? Optional.empty() : Optional.of(resource(index, resources.offsetOf(index)));
    }

    /** Resource {@code index} in index order (sorted by the UTF-8 bytes of paths). */
    public ResourceEntry resourceAt(int index) throws PackFormatException {
        return resource(index, resources.record(index));
    }

    private ResourceEntry resource(int index, int record) throws PackFormatException {
        String path = resources.name(index, record);
        String problem = EntryNames.resourcePathProblem(path);
        if (problem != null) {
            throw new PackFormatException("resource record " + index + " at offset " + record + ": " + problem);
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

    /** The blob's bytes as a read-only view into the pack (position 0, limit its length), after its checksum has been verified. */
    public ByteBuffer read(Blob blob) throws PackFormatException {
        verify(blob);
        return pack.slice(blob.offset(), blob.length()).asReadOnlyBuffer();
    }

    /**
     * A module's source as UTF-8 (a heap copy, read-only), after the blob's checksum has been
     * verified and its compressed stream checked while it is inflated.
     */
    public ByteBuffer readSource(Blob source) throws PackFormatException {
        return SourceBlobs.decode(read(source), source);
    }

    /** Checks that the blob lies inside the pack and that its CRC32C matches. */
    public void verify(Blob blob) throws PackFormatException {
        if (blob.offset() < 0 || blob.length() < 0 || (long) blob.offset() + blob.length() > pack.limit()) {
            throw new PackFormatException("blob of " + blob.length() + " bytes at offset " + blob.offset()
                    + " lies outside the pack of " + pack.limit() + " bytes");
        }
        if (crc32c(pack, blob.offset(), blob.length(), 0, 0) != blob.crc32c()) {
            throw new PackFormatException("blob of " + blob.length() + " bytes at offset " + blob.offset() + " is damaged (checksum mismatch)");
        }
    }
}
