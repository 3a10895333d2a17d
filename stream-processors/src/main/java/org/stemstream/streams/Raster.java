package org.stemstream.streams;

/**
 * A grey image as the augmentation stage works on it: {@code width x height} floats, row-major,
 * rows top to bottom (physics.md: x = columns to the right, y = rows down). Every operation
 * returns a new raster; none modifies this one.
 *
 * <p>Rotations turn the content about the image centre in the lab sense: a rotation by t takes
 * the content at (x, y) to (x cos t - y sin t, x sin t + y cos t), the in-plane part of r(z, t).
 * As y points down, a positive angle turns the content clockwise on screen.
 */
record Raster(int width, int height, float[] pixels) {

    Raster {
        if (width <= 0 || height <= 0 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("raster " + width + "x" + height + " with " + pixels.length + " pixels");
        }
    }

    float get(int x, int y) {
        return pixels[y * width + x];
    }

    double sum() {
        double s = 0;
        for (float p : pixels) {
            s += p;
        }
        return s;
    }

    /** Columns reversed (x -> -x). */
    Raster flipHorizontal() {
        float[] out = new float[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = pixels[y * width + (width - 1 - x)];
            }
        }
        return new Raster(width, height, out);
    }

    /** Rows reversed (y -> -y). */
    Raster flipVertical() {
        float[] out = new float[pixels.length];
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, (height - 1 - y) * width, out, y * width, width);
        }
        return new Raster(width, height, out);
    }

    /**
     * The content turned by {@code quarterTurns} x 90 degrees (any integer; 1 takes the right edge
     * to the bottom). Exact: a permutation of the pixels; odd turns swap width and height.
     */
    Raster rotate90(int quarterTurns) {
        int k = Math.floorMod(quarterTurns, 4);
        Raster r = this;
        for (int i = 0; i < k; i++) {
            r = r.rotateOnce();
        }
        return r;
    }

    private Raster rotateOnce() {
        // Output (i', j') of an H x W image shows the input at column j', row H - 1 - i'.
        int w2 = height;
        int h2 = width;
        float[] out = new float[pixels.length];
        for (int j = 0; j < h2; j++) {
            for (int i = 0; i < w2; i++) {
                out[j * w2 + i] = pixels[(height - 1 - i) * width + j];
            }
        }
        return new Raster(w2, h2, out);
    }

    /**
     * The content turned by {@code angleRad} about the image centre, same size; each output pixel
     * samples the input bilinearly at its back-rotated centre, and input pixels outside the
     * image count as {@code fill}.
     */
    Raster rotate(double angleRad, float fill) {
        double cos = Math.cos(angleRad);
        double sin = Math.sin(angleRad);
        double cx = width / 2.0;
        double cy = height / 2.0;
        float[] out = new float[pixels.length];
        for (int j = 0; j < height; j++) {
            double y = j + 0.5 - cy;
            for (int i = 0; i < width; i++) {
                double x = i + 0.5 - cx;
                // back-rotate by -angle, then to continuous pixel indices (centres at integers)
                double fx = x * cos + y * sin + cx - 0.5;
                double fy = -x * sin + y * cos + cy - 0.5;
                out[j * width + i] = bilinear(fx, fy, fill);
            }
        }
        return new Raster(width, height, out);
    }

    private float bilinear(double fx, double fy, float fill) {
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        double ax = fx - x0;
        double ay = fy - y0;
        double top = (1 - ax) * at(x0, y0, fill) + ax * at(x0 + 1, y0, fill);
        double bottom = (1 - ax) * at(x0, y0 + 1, fill) + ax * at(x0 + 1, y0 + 1, fill);
        return (float) ((1 - ay) * top + ay * bottom);
    }

    private float at(int x, int y, float fill) {
        return x < 0 || y < 0 || x >= width || y >= height ? fill : pixels[y * width + x];
    }

    /** The content moved by whole pixels (+dx right, +dy down); uncovered pixels get {@code fill}. */
    Raster shift(int dx, int dy, float fill) {
        float[] out = new float[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = at(x - dx, y - dy, fill);
            }
        }
        return new Raster(width, height, out);
    }

    /** The {@code w x h} window whose top-left pixel is (x0, y0); it must lie inside the image. */
    Raster crop(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + x0 + ", " + y0 + ") is outside the "
                    + width + "x" + height + " image");
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(pixels, (y0 + y) * width + x0, out, y * w, w);
        }
        return new Raster(w, h, out);
    }

    /** v -> max(0, mean + (v - mean) * contrast) * gain: intensities only, never negative. */
    Raster gainContrast(double gain, double contrast, double mean) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (float) Math.max(0, (mean + (pixels[i] - mean) * contrast) * gain);
        }
        return new Raster(width, height, out);
    }

    double mean() {
        return sum() / pixels.length;
    }

    /**
     * The mean of the outermost rows and columns: the background level, used to fill what a
     * rotation or shift uncovers (particles are imaged near the centre, so the frame is mostly
     * substrate).
     */
    float borderMean() {
        double s = 0;
        for (int x = 0; x < width; x++) {
            s += pixels[x];
            s += height > 1 ? pixels[(height - 1) * width + x] : 0;
        }
        for (int y = 1; y < height - 1; y++) {
            s += pixels[y * width];
            s += width > 1 ? pixels[y * width + width - 1] : 0;
        }
        int n = height > 1 && width > 1 ? 2 * width + 2 * (height - 2) : width * height;
        return (float) (s / n);
    }
}
