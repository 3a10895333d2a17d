package org.stemstream.simulator.io;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.stemstream.simulator.Image;

/** 8-bit grey PNG for people: each image contrast-stretched from its min (black) to its max (white). */
public final class PngWriter {

    private PngWriter() {
    }

    /** A TYPE_BYTE_GRAY image, min..max mapped linearly to 0..255 (all 0 when flat). */
    public static BufferedImage toGray8(Image image) {
        int w = image.width();
        int h = image.height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = out.getRaster();
        float min = image.min();
        float max = image.max();
        float scale = max > min ? 255f / (max - min) : 0f;
        float[] px = image.pixels();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = Math.round((px[y * w + x] - min) * scale);
            }
            raster.setPixels(0, y, w, 1, row);
        }
        return out;
    }

    public static void write(Image image, Path path) throws IOException {
        write(toGray8(image), path);
    }

    /**
     * Writes through a stream of our own: given a File, ImageIO prints the stack trace of a path it
     * cannot open and fails with "Can't create an ImageOutputStream!"; this fails with the
     * file system's exception (no such folder, permission denied, is a directory).
     */
    public static void write(BufferedImage image, Path path) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path));
             ImageOutputStream png = new MemoryCacheImageOutputStream(file)) {
            if (!ImageIO.write(image, "png", png)) {
                throw new IOException("no PNG writer available for " + path);
            }
        }
    }
}
