package org.stemstream.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;

/**
 * Pixel bytes of {@link StemImage}: row-major, rows top to bottom, little-endian; FLOAT32 for
 * noiseless intensities, UINT16 for detector counts (clamped to 0..65535), FLOAT32_BOX for
 * noiseless intensities that are zero outside a box (the box's position and size, then its
 * pixels).
 */
public final class Pixels {
    /** x, y, width and height of a FLOAT32_BOX, before its pixels. */
    static final int BOX_HEADER_BYTES = 16;

    private Pixels() {
    }

    /** Pixels and the encoding they were written in: set both on an image, never one alone. */
    public record Encoded(PixelEncoding encoding, ByteBuffer bytes) {
        public StemImage.Builder applyTo(StemImage.Builder image) {
            return image.setEncoding(encoding).setPixels(bytes);
        }
    }

    /** Pixels in a full-frame encoding, FLOAT32 or UINT16 (a box needs the frame's size: {@link #compact}). */
    public static Encoded encode(PixelEncoding encoding, float[] pixels) {
        return switch (encoding) {
            case FLOAT32 -> new Encoded(encoding, float32(pixels));
            case UINT16 -> new Encoded(encoding, uint16(pixels));
            case FLOAT32_BOX -> throw new IllegalArgumentException("FLOAT32_BOX needs the frame's size: use Pixels.compact");
        };
    }

    public static ByteBuffer float32(float[] pixels) {
        ByteBuffer buffer = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(pixels);
        return buffer;
    }

    /**
     * Counts rounded half up and clamped to 0..65535 (NaN to 0): the same as
     * {@code max(0, min(65535, Math.round(p)))}, checked on every float, in a third less time (the
     * noise and augmentation stages encode every image: a tenth and a fifth of their threads' time).
     * Below 0.5 the sum {@code p + 0.5f} can round up to 1 (0.49999997f), so those are 0 outright.
     */
    public static ByteBuffer uint16(float[] pixels) {
        byte[] out = new byte[pixels.length * 2];
        for (int i = 0; i < pixels.length; i++) {
            float p = pixels[i];
            int count = p < 0.5f ? 0 : Math.min(65535, (int) (p + 0.5f));
            out[2 * i] = (byte) count;
            out[2 * i + 1] = (byte) (count >>> 8);
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Floats, losslessly, in the fewer bytes of FLOAT32 and FLOAT32_BOX (the smallest box that holds
     * every nonzero pixel). A noiseless projection is zero around the particle: for the benchmark
     * scenario the box is about a quarter of the frame, and every stage that carries or stores the
     * image moves a quarter of the bytes.
     */
    public static Encoded compact(float[] pixels, int width, int height) {
        if (width <= 0 || height <= 0 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException(pixels.length + " pixels for a " + width + "x" + height + " frame");
        }
        int x0 = width;
        int x1 = -1;
        int y0 = height;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            // from each end to the first pixel that is not +0.0 (-0.0 and NaN stay in the box: they
            // must come back exactly); a row with the particle is only scanned up to its edges
            int first = 0;
            while (first < width && Float.floatToRawIntBits(pixels[row + first]) == 0) {
                first++;
            }
            if (first < width) {
                int last = width - 1;
                while (Float.floatToRawIntBits(pixels[row + last]) == 0) {
                    last--;
                }
                x0 = Math.min(x0, first);
                x1 = Math.max(x1, last);
                y0 = Math.min(y0, y);
                y1 = y;
            }
        }
        int boxWidth = x1 < 0 ? 0 : x1 - x0 + 1;
        int boxHeight = x1 < 0 ? 0 : y1 - y0 + 1;
        if (BOX_HEADER_BYTES + 4L * boxWidth * boxHeight >= 4L * pixels.length) {
            return new Encoded(PixelEncoding.FLOAT32, float32(pixels));
        }
        ByteBuffer buffer = ByteBuffer.allocate(BOX_HEADER_BYTES + 4 * boxWidth * boxHeight).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(boxWidth == 0 ? 0 : x0).putInt(boxHeight == 0 ? 0 : y0).putInt(boxWidth).putInt(boxHeight);
        FloatBuffer floats = buffer.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int y = 0; y < boxHeight; y++) {
            floats.put(pixels, (y0 + y) * width + x0, boxWidth);
        }
        return new Encoded(PixelEncoding.FLOAT32_BOX, buffer.rewind());
    }

    /** The image's pixels as floats, whatever the encoding; checks the byte count against the size. */
    public static float[] decode(StemImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image " + image.getImageId() + " is " + width + "x" + height);
        }
        int n = Math.multiplyExact(width, height);
        ByteBuffer bytes = image.getPixels().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return switch (image.getEncoding()) {
            case UINT16 -> {
                expectBytes(image, bytes, (long) n * 2, "");
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Short.toUnsignedInt(bytes.getShort());
                }
                yield out;
            }
            case FLOAT32 -> {
                expectBytes(image, bytes, (long) n * 4, "");
                float[] out = new float[n];
                bytes.asFloatBuffer().get(out);
                yield out;
            }
            case FLOAT32_BOX -> decodeBox(image, bytes, width, height);
        };
    }

    private static float[] decodeBox(StemImage image, ByteBuffer bytes, int width, int height) {
        if (bytes.remaining() < BOX_HEADER_BYTES) {
            expectBytes(image, bytes, BOX_HEADER_BYTES, " (at least the box header)");
        }
        int x = bytes.getInt();
        int y = bytes.getInt();
        int boxWidth = bytes.getInt();
        int boxHeight = bytes.getInt();
        if (x < 0 || y < 0 || boxWidth < 0 || boxHeight < 0 || (long) x + boxWidth > width || (long) y + boxHeight > height) {
            throw new IllegalArgumentException("image " + image.getImageId() + " is " + width + "x" + height
                    + " but its FLOAT32_BOX box (x " + x + ", y " + y + ", " + boxWidth + "x" + boxHeight + ") leaves the frame");
        }
        expectBytes(image, bytes, 4L * boxWidth * boxHeight, " after the box header");
        float[] out = new float[width * height];
        FloatBuffer floats = bytes.asFloatBuffer();
        for (int row = 0; row < boxHeight; row++) {
            floats.get(out, (y + row) * width + x, boxWidth);
        }
        return out;
    }

    private static void expectBytes(StemImage image, ByteBuffer bytes, long expected, String what) {
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException("image " + image.getImageId() + " is " + image.getWidth() + "x"
                    + image.getHeight() + " " + image.getEncoding() + " but carries " + bytes.remaining()
                    + " bytes" + what + " (expected " + expected + ")");
        }
    }
}
