package org.stemstream.simulator.noise;

import java.util.SplittableRandom;

/**
 * Scan-line jitter: each scan line is displaced horizontally by its own N(0, sigma) offset in
 * pixels, so line j records I(x + delta_j) (linear interpolation, clamped edges). Applied to the
 * expected intensity, before shot noise, because it moves the probe rather than the counts.
 */
public final class ScanJitter {

    private ScanJitter() {
    }

    /** A new, jittered array; {@code src} is not modified. */
    public static float[] apply(float[] src, int w, int h, double sigmaPx, SplittableRandom rnd) {
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            double shift = sigmaPx * GaussianNoise.next(rnd);
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double pos = Math.min(w - 1, Math.max(0, x + shift));
                int x0 = (int) pos;
                int x1 = Math.min(w - 1, x0 + 1);
                float f = (float) (pos - x0);
                out[row + x] = (1 - f) * src[row + x0] + f * src[row + x1];
            }
        }
        return out;
    }
}
