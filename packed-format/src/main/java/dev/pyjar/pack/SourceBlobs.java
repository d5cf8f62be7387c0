package dev.pyjar.pack;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A module's source as a pack stores it (FORMAT.md, "Source blobs"): its UTF-8 length as a
 * {@code u32}, then a zlib stream of those bytes. Sources are read only for tracebacks,
 * {@code inspect} and fallbacks, so they are compressed; code blobs, which every import reads, are not.
 */
final class SourceBlobs {
    /** No DEFLATE stream inflates to more than this many times its own length. */
    static final int MAX_INFLATION = 1032;
    private static final int LENGTH_SIZE = Integer.BYTES;

    private SourceBlobs() {}

    static byte[] encode(byte[] source) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(source);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(LENGTH_SIZE + source.length / 3 + 64);
            byte[] length = ByteBuffer.allocate(LENGTH_SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(source.length).array();
            out.write(length, 0, LENGTH_SIZE);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * The source held by a blob whose checksum has been verified. The declared length is checked
     * against what the stream could possibly hold before anything is allocated, and the stream
     * must end exactly at the blob's end and inflate to exactly that length.
     */
    static ByteBuffer decode(ByteBuffer blob, Blob where) throws PackFormatException {
        if (blob.remaining() < LENGTH_SIZE) {
            throw new PackFormatException("source blob of " + blob.remaining() + " bytes at offset " + where.offset()
                    + " is shorter than its " + LENGTH_SIZE + "-byte length field");
        }
        long declared = Integer.toUnsignedLong(blob.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        long stream = blob.remaining() - LENGTH_SIZE;
        if (declared > stream * MAX_INFLATION || declared > PackLimits.MAX_PACK_BYTES) {
            throw new PackFormatException("source blob at offset " + where.offset() + " claims " + declared
                    + " bytes of source, more than its " + stream + "-byte stream can hold");
        }
        byte[] source = new byte[(int) declared];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(blob.slice(LENGTH_SIZE, (int) stream));
            int filled = 0;
            while (filled < source.length && !inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                filled += inflater.inflate(source, filled, source.length - filled);
            }
            if (filled == source.length && !inflater.finished()) {
                // A stream that is exactly as long as declared may still owe its end (and checksum).
                filled += inflater.inflate(new byte[1]);
            }
            if (filled != source.length || !inflater.finished() || inflater.getRemaining() != 0) {
                throw new PackFormatException("source blob at offset " + where.offset() + " does not inflate to its declared "
                        + declared + " bytes" + (inflater.getRemaining() != 0 ? " (data after the stream's end)" : ""));
            }
        } catch (DataFormatException e) {
            throw new PackFormatException("source blob at offset " + where.offset() + " is not a valid zlib stream: " + e.getMessage());
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(source).asReadOnlyBuffer();
    }
}
