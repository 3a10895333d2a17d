package org.stemstream.simulator.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.stemstream.simulator.Image;

/**
 * Reads TIFF (8/16-bit integer or 32-bit float grey) and PNG files into an {@link Image} of raw
 * sample values, for acquired images. Colour images become the mean of their colour bands (alpha
 * ignored).
 */
public final class ImageReaders {

    private ImageReaders() {
    }

    public static Image read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException("not a file: " + path);
        }
        BufferedImage bi = ImageIO.read(path.toFile());
        if (bi == null) {
            throw new IOException("no image reader understands " + path + " (expected TIFF or PNG)");
        }
        return toImage(bi);
    }

    public static Image toImage(BufferedImage bi) {
        Raster raster = bi.getRaster();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = Math.max(1, Math.min(raster.getNumBands(), bi.getColorModel().getNumColorComponents()));
        float[] px = new float[w * h];
        float[] band = new float[w * h];
        for (int b = 0; b < bands; b++) {
            raster.getSamples(0, 0, w, h, b, band);
            for (int i = 0; i < px.length; i++) {
                px[i] += band[i] / bands;
            }
        }
        return Image.wrap(w, h, px);
    }
}
