package org.stemstream.simulator.io;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
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

    public static void write(BufferedImage image, Path path) throws IOException {
        if (!ImageIO.write(image, "png", path.toFile())) {
            throw new IOException("no PNG writer available for " + path);
        }
    }
}
