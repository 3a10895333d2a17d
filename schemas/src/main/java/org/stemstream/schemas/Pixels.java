package org.stemstream.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Image;

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
        return compact(Image.wrap(width, height, pixels)); // read only: wrapping shares the array safely
    }

    /**
     * {@link #compact(float[], int, int)} straight from the image, without copying its frame: the
     * simulator worker's render thread spent a seventh of its time copying and scanning full frames
     * (async-profiler, bench pool); per seed-benchmark projection, just rendered, 22-26 us before,
     * 10-13 us now, against about 150 us for the projection itself.
     */
    public static Encoded compact(Image image) {
        long frame = (long) image.width() * image.height();
        Image.Region box = image.support();
        if (BOX_HEADER_BYTES + 4L * box.width() * box.height() >= 4L * frame) {
            return new Encoded(PixelEncoding.FLOAT32, float32(image.pixels())); // a particle that fills the frame: rare
        }
        ByteBuffer buffer = ByteBuffer.allocate(BOX_HEADER_BYTES + 4 * box.width() * box.height()).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(box.x()).putInt(box.y()).putInt(box.width()).putInt(box.height());
        image.copyTo(box, buffer.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
        return new Encoded(PixelEncoding.FLOAT32_BOX, buffer.rewind());
    }

    /**
     * Largest frame side: the simulator's ({@link org.stemstream.simulator.Simulator#MAX_SIZE}).
     * A larger frame would not fit a topic's messages once the noise stage writes it out in full
     * (2 bytes per pixel against {@link Topics#MAX_MESSAGE_BYTES}), and a FLOAT32_BOX header
     * could otherwise make a few bytes claim a frame of billions of pixels.
     */
    public static final int MAX_SIDE = org.stemstream.simulator.Simulator.MAX_SIZE;
    public static final long MAX_FRAME_PIXELS = (long) MAX_SIDE * MAX_SIDE;

    /**
     * The image's pixels as floats, whatever the encoding. Checks the byte count against the
     * size, the size against {@link #MAX_FRAME_PIXELS}, and that every pixel is finite (a NaN or
     * an infinity would pass through every stage and come out as a silent wrong answer).
     */
    public static float[] decode(StemImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image " + image.getImageId() + " is " + width + "x" + height);
        }
        if ((long) width * height > MAX_FRAME_PIXELS) {
            throw new IllegalArgumentException("image " + image.getImageId() + " is " + width + "x" + height
                    + ": more than " + MAX_FRAME_PIXELS + " pixels (" + MAX_SIDE + "x" + MAX_SIDE + ")");
        }
        int n = width * height;
        ByteBuffer bytes = image.getPixels().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] pixels = switch (image.getEncoding()) {
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
        if (image.getEncoding() != PixelEncoding.UINT16) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(pixels[i])) {
                    throw new IllegalArgumentException("image " + image.getImageId() + " has a non-finite pixel (" + pixels[i]
                            + ") at x " + i % width + ", y " + i / width);
                }
            }
        }
        return pixels;
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
