package org.stemstream.producers.feed;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.io.PixelScaling;
import org.stemstream.simulator.io.TiffWriter;

/** Files as acquisition software writes them, built in memory. */
final class TestImages {
    private TestImages() {
    }

    /** Counts 0, 7, 14, ... (wrapping below 65536) row-major, so every pixel is checkable. */
    static float[] ramp(int w, int h, int step) {
        float[] px = new float[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * step) % 65536;
        }
        return px;
    }

    static byte[] tiff16(int w, int h, float[] counts) {
        return TiffWriter.encode(Image.of(w, h, counts), PixelScaling.COUNTS, "acquired");
    }

    static byte[] png16(int w, int h, float[] counts) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        int[] samples = new int[counts.length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Math.round(counts[i]);
        }
        bi.getRaster().setSamples(0, 0, w, h, 0, samples);
        return encode(bi, "png");
    }

    static byte[] encode(BufferedImage bi, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(bi, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] truncated(byte[] file) {
        return Arrays.copyOf(file, file.length / 2);
    }
}
