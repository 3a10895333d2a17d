package org.stemstream.simulator;

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
