package org.stemstream.producers.feed.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The fields of an MRC2014 main header that reading one image needs: the first 1024 bytes of the
 * file in, their values in the file's byte order out. Layout (byte offsets) as in the MRC2014
 * standard and ccpem/mrcfile's {@code HEADER_DTYPE}: nx, ny, nz 0/4/8, mode 12, mx, my, mz
 * 28/32/36, cella x, y 40/44 (float32, Å), ispg 88 (space group: 0 for images and stacks of
 * them, 1 and up for volumes), nsymbt 92 (extended header bytes), IMOD's imodStamp
 * and imodFlags 152/156, "MAP " 208, machine stamp 212.
 */
record MrcHeader(ByteOrder order, int nx, int ny, int nz, int mode, int mx, int my, float cellaX, float cellaY,
                 int ispg, int nsymbt, int imodStamp, int imodFlags) {
    static final int BYTES = 1024;
    /** "IMOD" as a 4-byte integer: the file uses IMOD's {@link #imodFlags}. */
    static final int IMOD_STAMP = 1146047817;
    private static final int IMOD_SIGNED_BYTES = 1;
    private static final int MAP_ID_AT = 208;
    private static final int STAMP_AT = 212;
    private static final byte[] MAP_ID = "MAP ".getBytes(StandardCharsets.US_ASCII);

    /** The header as read in {@code order}; {@code bytes} holds at least {@link #BYTES}. */
    static MrcHeader read(byte[] bytes, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, BYTES).order(order);
        return new MrcHeader(order, b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(28), b.getInt(32),
                b.getFloat(40), b.getFloat(44), b.getInt(88), b.getInt(92), b.getInt(152), b.getInt(156));
    }

    /** Whether the file says it is one: "MAP " at byte 208 and a machine stamp we know. */
    static boolean isStamped(byte[] bytes) {
        return bytes.length >= BYTES && Arrays.equals(bytes, MAP_ID_AT, MAP_ID_AT + 4, MAP_ID, 0, 4) && stampedOrder(bytes) != null;
    }

    /**
     * The byte order to read {@code bytes} in: the machine stamp's, unless the header makes no
     * sense in it and does in the other (mrcfile has met files whose stamp is wrong); without a
     * stamp we know, the order in which the header is {@linkplain #consistent consistent}
     * (little-endian first: what every PC writes). Null when neither stamp nor header tells.
     */
    static ByteOrder byteOrder(byte[] bytes) {
        if (bytes.length < BYTES) {
            return null;
        }
        ByteOrder stamped = stampedOrder(bytes);
        for (ByteOrder order : new ByteOrder[] {stamped, ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            if (order != null && read(bytes, order).consistent(bytes.length)) {
                return order;
            }
        }
        return stamped;
    }

    /** 0x44 0x44 or 0x44 0x41: little-endian (MRC2014 and older writers); 0x11 0x11: big-endian. */
    private static ByteOrder stampedOrder(byte[] bytes) {
        int b0 = bytes[STAMP_AT] & 0xff;
        int b1 = bytes[STAMP_AT + 1] & 0xff;
        if (b0 == 0x44 && (b1 == 0x44 || b1 == 0x41)) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        return b0 == 0x11 && b1 == 0x11 ? ByteOrder.BIG_ENDIAN : null;
    }

    /** The 4 stamp bytes, for messages. */
    static String stamp(byte[] bytes) {
        return bytes.length < BYTES ? "none" : HexFormat.ofDelimiter(" ").withPrefix("0x").formatHex(bytes, STAMP_AT, STAMP_AT + 4);
    }

    /**
     * Whether the header describes data that this file of {@code fileLength} bytes holds: every size
     * positive, a mode of the standard (or IMOD's), a non-negative extended header, and the data
     * within the file. How a file without "MAP " and stamp (written before MRC2014) is recognised.
     */
    boolean consistent(long fileLength) {
        return nx > 0 && ny > 0 && nz > 0 && nsymbt >= 0 && MrcMode.bytesPerRow(mode, nx) > 0
                && BYTES + (long) nsymbt + dataBytes() <= fileLength;
    }

    /** Bytes of all nz sections, saturating at {@link Long#MAX_VALUE} (nx * ny * nz can exceed a long's range). */
    long dataBytes() {
        return times(times(MrcMode.bytesPerRow(mode, nx), ny), nz);
    }

    private static long times(long a, long b) {
        return a > 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }

    /** Mode 0 bytes are signed (MRC2014), unless IMOD stamped the file without its "signed" flag (IMOD before 4.2.23 wrote unsigned). */
    boolean unsignedBytes() {
        return imodStamp == IMOD_STAMP && (imodFlags & IMOD_SIGNED_BYTES) == 0;
    }
}
