package org.stemstream.simulator;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * An immutable grey image of {@code float} values, row-major, rows from top (y = 0) to bottom.
 * Noiseless projections hold gold-equivalent thickness in nm; noisy images hold detector counts.
 */
public final class Image {

    private final int width;
    private final int height;
    private final float[] pixels;

    private Image(int width, int height, float[] pixels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size " + width + " x " + height + " must be positive");
        }
        if (pixels.length != (long) width * height) {
            throw new IllegalArgumentException("pixel array length " + pixels.length + " != " + width + " x "
                    + height);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** An image holding a copy of {@code pixels}. */
    public static Image of(int width, int height, float[] pixels) {
        return new Image(width, height, pixels.clone());
    }

    /**
     * An image that takes ownership of {@code pixels} without copying: the caller must not write to
     * the array afterwards. For producers that have just filled a fresh array.
     */
    public static Image wrap(int width, int height, float[] pixels) {
        return new Image(width, height, pixels);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** A copy of the pixels, row-major. */
    public float[] pixels() {
        return pixels.clone();
    }

    /** Columns {@code x .. x + width - 1} and rows {@code y .. y + height - 1} of an image; empty when either size is 0. */
    public record Region(int x, int y, int width, int height) {
        public static final Region EMPTY = new Region(0, 0, 0, 0);

        public Region {
            if (x < 0 || y < 0 || width < 0 || height < 0) {
                throw new IllegalArgumentException("region " + x + ", " + y + ", " + width + " x " + height + " has a negative coordinate or size");
            }
        }
    }

    /**
     * The smallest region that holds every pixel whose bits are not those of +0.0 (so -0.0 and NaN
     * count): where a noiseless projection has its particle. {@link Region#EMPTY} when there is
     * none.
     */
    public Region support() {
        float[] zeros = new float[width];
        int x0 = width;
        int x1 = -1;
        int y0 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            // compares many floats at a time, as Float.equals does: -0.0 and NaN differ from +0.0
            int first = Arrays.mismatch(pixels, row, row + width, zeros, 0, width);
            if (first < 0) {
                continue;
            }
            int last = width - 1;
            while (Float.floatToRawIntBits(pixels[row + last]) == 0) {
                last--;
            }
            x0 = Math.min(x0, first);
            x1 = Math.max(x1, last);
            y0 = y0 < 0 ? y : y0;
            y1 = y;
        }
        return y0 < 0 ? Region.EMPTY : new Region(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** Puts the region's pixels, row by row, into {@code target} at its position, which advances; no copy of the frame. */
    public void copyTo(Region region, FloatBuffer target) {
        if ((long) region.x() + region.width() > width || (long) region.y() + region.height() > height) {
            throw new IllegalArgumentException(region + " is not inside the " + width + " x " + height + " image");
        }
        for (int y = 0; y < region.height(); y++) {
            target.put(pixels, (region.y() + y) * width + region.x(), region.width());
        }
    }

    /** The value at column x, row y. */
    public float get(int x, int y) {
        return pixels[y * width + x];
    }

    /** The sum of all pixels, in double precision. */
    public double sum() {
        double s = 0;
        for (float v : pixels) {
            s += v;
        }
        return s;
    }

    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : pixels) {
            m = Math.min(m, v);
        }
        return m;
    }

    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : pixels) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Equal when the sizes and every pixel's bits are the same. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Image im && im.width == width && im.height == height && Arrays.equals(im.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Image[" + width + " x " + height + ", min=" + min() + ", max=" + max() + "]";
    }
}
