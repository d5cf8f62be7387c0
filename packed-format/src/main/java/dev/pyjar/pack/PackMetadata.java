package dev.pyjar.pack;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metadata section: the runtime tag and the properties, parsed once when the pack is opened. */
record PackMetadata(RuntimeTag runtimeTag, Map<String, String> properties) {

    /** {@code pack}'s metadata, whose extent and checksum {@link PackHeader} has already checked. */
    static PackMetadata read(ByteBuffer pack, PackHeader header) throws PackFormatException {
        ByteBuffer meta = pack.slice(header.metadataOffset, header.metadataLength).order(ByteOrder.LITTLE_ENDIAN);
        try {
            int magic = meta.getInt();
            RuntimeTag tag = new RuntimeTag(string(meta, header, "GraalPy version"), string(meta, header, "cache tag"), magic);
            int count = Short.toUnsignedInt(meta.getShort());
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String key = string(meta, header, "property key");
                if (properties.put(key, string(meta, header, "value of property '" + key + "'")) != null) {
                    throw new PackFormatException("pack metadata has property '" + key + "' twice");
                }
            }
            if (meta.hasRemaining()) {
                throw new PackFormatException("pack metadata has " + meta.remaining() + " bytes after its last property");
            }
            return new PackMetadata(tag, Collections.unmodifiableMap(properties));
        } catch (BufferUnderflowException e) {
            // Only the fixed-size fields can underflow; the metadata slice bounds them, so this is the only escape.
            throw new PackFormatException("pack metadata (" + header.metadataLength + " bytes at offset "
                    + header.metadataOffset + ") ends in the middle of a field");
        }
    }

    private static String string(ByteBuffer meta, PackHeader header, String what) throws PackFormatException {
        int at = header.metadataOffset + meta.position();
        int length = Short.toUnsignedInt(meta.getShort());
        if (length > meta.remaining()) {
            throw new PackFormatException("pack metadata: " + what + " at offset " + at + " is " + length
                    + " bytes long but only " + meta.remaining() + " bytes of metadata are left");
        }
        ByteBuffer bytes = meta.slice(meta.position(), length);
        meta.position(meta.position() + length);
        try {
            return Utf8Names.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new PackFormatException("pack metadata: " + what + " at offset " + at + " is not valid UTF-8");
        }
    }
}
