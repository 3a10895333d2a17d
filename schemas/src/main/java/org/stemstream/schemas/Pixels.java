package org.stemstream.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;

/**
 * Pixel bytes of {@link StemImage}: row-major, rows top to bottom, little-endian; FLOAT32 for
 * noiseless intensities, UINT16 for detector counts (clamped to 0..65535).
 */
public final class Pixels {
    private Pixels() {
    }

    public static ByteBuffer float32(float[] pixels) {
        ByteBuffer buffer = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(pixels);
        return buffer;
    }

    public static ByteBuffer uint16(float[] pixels) {
        ByteBuffer buffer = ByteBuffer.allocate(pixels.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float p : pixels) {
            buffer.putShort((short) Math.max(0, Math.min(65535, Math.round(p))));
        }
        return buffer.flip();
    }

    /** The image's pixels as floats, whatever the encoding; checks the byte count against the size. */
    public static float[] decode(StemImage image) {
        int n = Math.multiplyExact(image.getWidth(), image.getHeight());
        ByteBuffer bytes = image.getPixels().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int bytesPerPixel = image.getEncoding() == PixelEncoding.UINT16 ? 2 : 4;
        if (image.getWidth() <= 0 || image.getHeight() <= 0 || bytes.remaining() != (long) n * bytesPerPixel) {
            throw new IllegalArgumentException("image " + image.getImageId() + " is " + image.getWidth() + "x"
                    + image.getHeight() + " " + image.getEncoding() + " but carries " + bytes.remaining()
                    + " bytes (expected " + (long) n * bytesPerPixel + ")");
        }
        float[] out = new float[n];
        if (bytesPerPixel == 2) {
            for (int i = 0; i < n; i++) {
                out[i] = Short.toUnsignedInt(bytes.getShort());
            }
        } else {
            bytes.asFloatBuffer().get(out);
        }
        return out;
    }
}
