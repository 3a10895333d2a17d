package org.stemstream.producers.feed;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
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
        return encode(grey16(w, h, counts), "png");
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

    /** A multi-page TIFF of {@code pages}, each compressed by {@code compression} ("Deflate", ...) or not (null). */
    static byte[] multiPageTiff(String compression, BufferedImage... pages) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (compression != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
            }
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                writer.writeToSequence(new IIOImage(page, null, null), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A 16-bit grey image of {@code counts}. */
    static BufferedImage grey16(int w, int h, float[] counts) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        int[] samples = new int[counts.length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Math.round(counts[i]);
        }
        bi.getRaster().setSamples(0, 0, w, h, 0, samples);
        return bi;
    }

    static byte[] truncated(byte[] file) {
        return Arrays.copyOf(file, file.length / 2);
    }
}
