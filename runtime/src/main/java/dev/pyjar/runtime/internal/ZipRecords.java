package dev.pyjar.runtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The zip directory's records as APPNOTE.TXT lays them out (signatures, fixed sizes), for the two
 * places that read a jar's directory by hand: the runtime, which maps the pack entry straight
 * from the file, and the packer, which moves every offset when it puts a launch script in front.
 */
public final class ZipRecords {
    public static final int EOCD_SIGNATURE = 0x06054b50;
    public static final int EOCD_SIZE = 22;
    public static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    public static final int ZIP64_LOCATOR_SIZE = 20;
    public static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    public static final int ZIP64_EOCD_SIZE = 56;
    public static final int CENTRAL_SIGNATURE = 0x02014b50;
    public static final int CENTRAL_HEADER_SIZE = 46;
    public static final int LOCAL_SIGNATURE = 0x04034b50;
    public static final int LOCAL_HEADER_SIZE = 30;
    public static final int ZIP64_EXTRA_ID = 0x0001;
    /** A 32-bit size or offset field with this value is saturated: the value is in a Zip64 record. */
    public static final long SATURATED_32 = 0xFFFFFFFFL;

    private ZipRecords() {}

    /**
     * Where the end of central directory record of the zip in {@code channel} ({@code size} bytes)
     * starts: the last signature within a comment's reach of the end; -1 when there is none.
     */
    public static long endRecord(FileChannel channel, long size) throws IOException {
        if (size < EOCD_SIZE) {
            return -1;
        }
        int window = (int) Math.min(size, EOCD_SIZE + 0xFFFF);
        ByteBuffer tail = ByteBuffer.allocate(window).order(ByteOrder.LITTLE_ENDIAN);
        while (tail.hasRemaining()) {
            if (channel.read(tail, size - window + tail.position()) < 0) {
                return -1;
            }
        }
        for (int pos = window - EOCD_SIZE; pos >= 0; pos--) {
            if (tail.getInt(pos) == EOCD_SIGNATURE) {
                return size - window + pos;
            }
        }
        return -1;
    }
}
