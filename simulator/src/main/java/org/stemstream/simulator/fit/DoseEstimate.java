package org.stemstream.simulator.fit;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * An estimate of an unknown dose (counts per pixel per nm of gold) from the counts of one frame:
 * the first estimate that {@link CuboidFitter} then fits with the particle, and the scale that
 * the CNN classifier brings a detector's uncalibrated counts to.
 *
 * <p>The film: the carbon film under the particle adds its gold-equivalent thickness to every
 * pixel, so the film's counts in the frame's outer {@value #RING}-pixel ring, over that thickness,
 * give the dose. The ring is cut into its four sides (top and bottom rows, left and right columns
 * between them) and the two middle side means are averaged: one side crossed by a particle or
 * its neighbour does not move the estimate (seed-benchmark's particles reach at most 12.6 nm from
 * a centre within 1.5 nm of the frame's, so none reaches its 128-pixel frame's ring). Without a
 * film, or a ring whose counts average 0 or less: the mean of the brightest 1 % of pixels over
 * the side of the silhouette (a cube seen face on is as thick as it is wide).
 */
public final class DoseEstimate {
    /** The width of the frame's border whose film counts give the estimate. */
    public static final int RING = 8;

    private DoseEstimate() {
    }

    /**
     * The dose of a {@code width x height} frame of {@code pixelSizeNm} pixels (row-major counts)
     * over a film of {@code filmGoldNm} nm of gold equivalent (0: none).
     *
     * @throws IllegalArgumentException when the border holds no film counts and no pixel is above 0
     */
    public static double of(float[] counts, int width, int height, double pixelSizeNm, double filmGoldNm) {
        check(counts.length, width, height);
        return of(i -> counts[i], width, height, pixelSizeNm, filmGoldNm, RING);
    }

    static double of(double[] counts, int size, double pixelSizeNm, double filmGoldNm, int ring) {
        check(counts.length, size, size);
        return of(i -> counts[i], size, size, pixelSizeNm, filmGoldNm, ring);
    }

    private static void check(int length, int width, int height) {
        if (width <= 0 || height <= 0 || length != width * height) {
            throw new IllegalArgumentException(length + " counts for a " + width + " x " + height + " frame");
        }
    }

    private static double of(IntToDoubleFunction count, int width, int height, double pixelSizeNm, double filmGoldNm, int ring) {
        if (filmGoldNm > 0) {
            double film = filmCounts(count, width, height, Math.max(1, Math.min(ring, Math.min(width, height) / 4)));
            if (film > 0) {
                return film / filmGoldNm;
            }
        }
        return fromParticle(count, width * height, pixelSizeNm);
    }

    /** The mean of the two middle side means of the ring {@code ring} pixels wide. */
    private static double filmCounts(IntToDoubleFunction count, int width, int height, int ring) {
        double[] sides = {
                mean(count, width, 0, ring, 0, width),
                mean(count, width, height - ring, height, 0, width),
                mean(count, width, ring, height - ring, 0, ring),
                mean(count, width, ring, height - ring, width - ring, width)};
        Arrays.sort(sides);
        return (sides[1] + sides[2]) / 2;
    }

    /** The mean over rows [y0, y1) and columns [x0, x1); 0 for an empty block. */
    private static double mean(IntToDoubleFunction count, int width, int y0, int y1, int x0, int x1) {
        double sum = 0;
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += count.applyAsDouble(y * width + x);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double fromParticle(IntToDoubleFunction count, int pixels, double pixelSizeNm) {
        double[] sorted = new double[pixels];
        for (int i = 0; i < pixels; i++) {
            sorted[i] = count.applyAsDouble(i);
        }
        Arrays.sort(sorted);
        int top = Math.max(1, pixels / 100);
        double bright = 0;
        for (int k = pixels - top; k < pixels; k++) {
            bright += sorted[k];
        }
        bright /= top;
        if (!(bright > 0)) {
            throw new IllegalArgumentException("no film counts in the border and no pixel above 0: no dose to read off the frame");
        }
        int silhouette = 0;
        for (double c : sorted) {
            if (c > 0.2 * bright) {
                silhouette++;
            }
        }
        return bright / (Math.sqrt(silhouette) * pixelSizeNm);
    }
}
