package org.stemstream.consumers.cnn;

import java.util.Arrays;

/**
 * Splits a region of a mask into parts at its necks: a watershed of the Euclidean distance
 * transform (each pixel's distance to the nearest pixel outside the mask or the frame), its markers
 * the distance maxima whose dynamics (the peak minus the level at which the flood joins it to a
 * higher peak) say that the neck between them is narrow. The classic way to cut touching convex
 * objects apart in a binary image (ImageJ's "Watershed", scikit-image's distance-transform
 * watershed), here with a relative depth so that noise cannot split a single particle.
 *
 * <p>Why it suits particles: a convex particle's noiseless projection, blurred and smoothed, is
 * log-concave, so the region it leaves above a threshold is convex, and the distance transform of a
 * convex set has one maximum (a point or a ridge) and no saddle, however elongated the set. Two
 * touching or slightly overlapping particles leave a region with a waist, and the distance
 * transform a saddle there. Noise only roughens a region's border, so a part must stand
 * {@link #MIN_DEPTH} pixels above its neck and its neck be under {@link #NECK} of its peak. The
 * parts depend on the region's shape only, not on the counts or the dose.
 *
 * <p>In: the mask and one region's pixels (4-connected). Out: each of those pixels' part; a region
 * without a narrow neck is one part.
 */
final class DistanceWatershed {
    /** A part's neck is narrower than this share of its widest (the distance at the neck over its peak distance). */
    static final double NECK = 0.75;
    /**
     * A part's peak stands at least this many pixels above its neck. Border noise makes dips of
     * under 1 pixel in simulated single particles at dose 10, and under 3 at dose 1.
     */
    static final double MIN_DEPTH = 3;

    private DistanceWatershed() {
    }

    /** Each pixel's part, numbered from 0, in the order of the region's pixels; and how many parts. */
    record Parts(int[] labels, int count) {
    }

    /**
     * The parts of one region of {@code mask}: its {@code n} pixels (row-major indices) in
     * {@code pixels}, 4-connected. The distances are measured in the region's bounding box and a
     * pixel around it: every pixel there that is not in the region but 4-touches it is outside the
     * mask, so nothing beyond the box is nearer than those.
     */
    static Parts split(boolean[] mask, int w, int h, int[] pixels, int n) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int i = 0; i < n; i++) {
            x0 = Math.min(x0, pixels[i] % w);
            x1 = Math.max(x1, pixels[i] % w);
            y0 = Math.min(y0, pixels[i] / w);
            y1 = Math.max(y1, pixels[i] / w);
        }
        x0 = Math.max(0, x0 - 1);
        y0 = Math.max(0, y0 - 1);
        int bw = Math.min(w - 1, x1 + 1) - x0 + 1;
        int bh = Math.min(h - 1, y1 + 1) - y0 + 1;
        boolean[] box = new boolean[bw * bh];
        for (int y = 0; y < bh; y++) {
            System.arraycopy(mask, (y0 + y) * w + x0, box, y * bw, bw);
        }
        int[] squared = squaredDistances(box, bw, bh);
        int[] local = new int[n];
        long[] order = new long[n]; // the region's pixels from the farthest from the border in, ties in index order
        for (int i = 0; i < n; i++) {
            local[i] = (pixels[i] / w - y0) * bw + pixels[i] % w - x0;
            order[i] = ((long) (Integer.MAX_VALUE - squared[local[i]]) << 32) | local[i];
        }
        Arrays.sort(order);
        int[] parent = flood(order, squared, bw, bh);
        int[] number = new int[bw * bh];
        Arrays.fill(number, -1);
        int[] labels = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int r = root(parent, local[i]);
            if (number[r] < 0) {
                number[r] = count++;
            }
            labels[i] = number[r];
        }
        return new Parts(labels, count);
    }

    /**
     * Floods the pixels in {@code order} (falling distance): a pixel with no flooded 4-neighbour
     * starts a part at a new peak; one that touches flooded parts joins the one with the highest
     * peak, and every other part it touches merges into that one unless {@link #distinct}. Each
     * pixel's parent in a union-find forest whose roots are the parts' peaks.
     */
    private static int[] flood(long[] order, int[] squared, int w, int h) {
        int[] parent = new int[w * h];
        Arrays.fill(parent, -1); // -1: not flooded (yet)
        int[] neighbours = new int[4];
        int[] roots = new int[4];
        for (long key : order) {
            int p = (int) key;
            int x = p % w;
            int y = p / w;
            neighbours[0] = x > 0 ? p - 1 : -1;
            neighbours[1] = x < w - 1 ? p + 1 : -1;
            neighbours[2] = y > 0 ? p - w : -1;
            neighbours[3] = y < h - 1 ? p + w : -1;
            int found = 0;
            int best = -1;
            for (int q : neighbours) {
                if (q < 0 || parent[q] < 0) {
                    continue;
                }
                int r = root(parent, q);
                boolean known = false;
                for (int i = 0; i < found; i++) {
                    known |= roots[i] == r;
                }
                if (!known) {
                    roots[found++] = r;
                    best = best < 0 || squared[r] > squared[best] ? r : best;
                }
            }
            if (found == 0) {
                parent[p] = p;
                continue;
            }
            parent[p] = best;
            double level = Math.sqrt(squared[p]);
            for (int i = 0; i < found; i++) {
                int r = roots[i];
                if (r != best && !distinct(Math.sqrt(squared[r]), level)) {
                    parent[r] = best;
                }
            }
        }
        return parent;
    }

    /** Whether a peak at distance {@code peak}, joined to a higher one at distance {@code neck}, is a part of its own. */
    static boolean distinct(double peak, double neck) {
        return peak - neck >= MIN_DEPTH && neck < NECK * peak;
    }

    private static int root(int[] parent, int p) {
        int r = p;
        while (parent[r] != r) {
            r = parent[r];
        }
        while (parent[p] != r) { // path compression
            int next = parent[p];
            parent[p] = r;
            p = next;
        }
        return r;
    }

    /**
     * Each pixel's squared Euclidean distance to the nearest pixel outside the mask, pixels beyond
     * the frame counting as outside; 0 outside the mask. Exact, in linear time: per column the
     * distance to the nearest outside pixel, then per row the lower envelope of the parabolas
     * (x - i)^2 + column distance(i)^2 (Felzenszwalb and Huttenlocher, 2012).
     */
    static int[] squaredDistances(boolean[] mask, int w, int h) {
        int[] column = new int[w * h];
        for (int x = 0; x < w; x++) {
            int d = 0;
            for (int y = 0; y < h; y++) {
                d = mask[y * w + x] ? d + 1 : 0;
                column[y * w + x] = d;
            }
            d = 0;
            for (int y = h - 1; y >= 0; y--) {
                d = mask[y * w + x] ? d + 1 : 0;
                column[y * w + x] = Math.min(column[y * w + x], d);
            }
        }
        int[] out = new int[w * h];
        // the row with an outside pixel at -1 and at w: f[i + 1] is the squared column distance at x = i
        long[] f = new long[w + 2];
        int[] v = new int[w + 2];
        double[] z = new double[w + 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                f[x + 1] = (long) column[y * w + x] * column[y * w + x];
            }
            int k = 0;
            v[0] = 0;
            z[0] = Double.NEGATIVE_INFINITY;
            z[1] = Double.POSITIVE_INFINITY;
            for (int q = 1; q < w + 2; q++) {
                double s;
                while (true) {
                    s = ((f[q] + (long) q * q) - (f[v[k]] + (long) v[k] * v[k])) / (2.0 * (q - v[k]));
                    if (s <= z[k]) {
                        k--;
                    } else {
                        break;
                    }
                }
                k++;
                v[k] = q;
                z[k] = s;
                z[k + 1] = Double.POSITIVE_INFINITY;
            }
            k = 0;
            for (int q = 1; q <= w; q++) {
                while (z[k + 1] < q) {
                    k++;
                }
                out[y * w + q - 1] = (int) ((long) (q - v[k]) * (q - v[k]) + f[v[k]]);
            }
        }
        return out;
    }
}
