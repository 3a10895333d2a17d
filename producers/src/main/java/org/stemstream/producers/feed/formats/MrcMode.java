package org.stemstream.producers.feed.formats;

import java.nio.ByteBuffer;
import org.stemstream.schemas.avro.PixelEncoding;

/**
 * The MRC modes the feed reads: a header's mode (and, for mode 0, IMOD's signedness flag) in; how
 * many bytes a pixel takes, how to read them as floats, and how the values are published out.
 * Modes as in MRC2014 and ccpem/mrcfile {@code utils.dtype_from_mode}: 0 int8, 1 int16, 2 float32,
 * 6 uint16, 12 IEEE half float; IMOD's older files hold unsigned bytes under mode 0.
 */
enum MrcMode {
    SIGNED_BYTES(0, 1, PixelEncoding.FLOAT32),
    UNSIGNED_BYTES(0, 1, PixelEncoding.UINT16),
    INT16(1, 2, PixelEncoding.FLOAT32),
    FLOAT32(2, 4, PixelEncoding.FLOAT32),
    UINT16(6, 2, PixelEncoding.UINT16),
    FLOAT16(12, 2, PixelEncoding.FLOAT32);

    final int number;
    final int bytes;
    final PixelEncoding encoding;

    MrcMode(int number, int bytes, PixelEncoding encoding) {
        this.number = number;
        this.bytes = bytes;
        this.encoding = encoding;
    }

    /** The mode the header's pixels are read in; null when the feed reads no image from it. */
    static MrcMode of(MrcHeader header) {
        return switch (header.mode()) {
            case 0 -> header.unsignedBytes() ? UNSIGNED_BYTES : SIGNED_BYTES;
            case 1 -> INT16;
            case 2 -> FLOAT32;
            case 6 -> UINT16;
            case 12 -> FLOAT16;
            default -> null;
        };
    }

    /**
     * Bytes of one row of {@code nx} pixels in any mode an MRC file may hold, read or not: the
     * complex modes 3 and 4, IMOD's RGB 16 and 4-bit 101 (two pixels a byte, rows padded to a whole
     * byte) too, so that such files are recognised and refused by name. 0 for no known mode.
     */
    static long bytesPerRow(int mode, int nx) {
        return switch (mode) {
            case 0 -> nx;
            case 1, 6, 12 -> 2L * nx;
            case 2, 3 -> 4L * nx;
            case 4 -> 8L * nx;
            case 16 -> 3L * nx;
            case 101 -> (nx + 1L) / 2;
            default -> 0;
        };
    }

    int bits() {
        return bytes * 8;
    }

    /** {@code n} pixels from {@code data}'s position, in its byte order, as floats (exact for every mode). */
    /** The next {@code n} samples of {@code data}, which is left after them. */
    float[] read(ByteBuffer data, int n) {
        float[] px = new float[n];
        switch (this) {
            case SIGNED_BYTES -> {
                for (int i = 0; i < n; i++) {
                    px[i] = data.get();
                }
            }
            case UNSIGNED_BYTES -> {
                for (int i = 0; i < n; i++) {
                    px[i] = data.get() & 0xff;
                }
            }
            case INT16 -> {
                for (int i = 0; i < n; i++) {
                    px[i] = data.getShort();
                }
            }
            case UINT16 -> {
                for (int i = 0; i < n; i++) {
                    px[i] = data.getShort() & 0xffff;
                }
            }
            case FLOAT16 -> {
                for (int i = 0; i < n; i++) {
                    px[i] = halfToFloat(data.getShort());
                }
            }
            case FLOAT32 -> {
                data.asFloatBuffer().get(px);
                data.position(data.position() + Float.BYTES * n); // a view's reads leave data where it was
            }
        }
        return px;
    }

    /**
     * An IEEE 754 binary16 value as the float of the same value (every half is exactly a float);
     * by hand, since {@code Float.float16ToFloat} arrived only in Java 20.
     */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) { // infinity, or NaN with its payload kept
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in a float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // rebias the exponent from 15 to 127, widen the mantissa from 10 to 23 bits
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
