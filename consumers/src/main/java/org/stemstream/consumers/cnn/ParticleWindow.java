package org.stemstream.consumers.cnn;

import java.util.Arrays;

/**
 * Finds the particle in a frame wider than a model's and cuts a model-sized window centred on it.
 *
 * <p>The frame is smoothed over 3 x 3 pixels; its background level and noise are the median and
 * the scaled median absolute deviation of the smoothed values (robust: a particle covers a small
 * part of a wide frame). Pixels more than {@link #THRESHOLD} noise deviations above the background
 * form connected regions (4-neighbours); the particle is the region with the most signal above
 * the background (the largest or thickest of several), and the window is centred on its
 * signal-weighted centroid. Window pixels outside the frame read as the background level. A frame
 * with no such region is cut around its centre.
 */
final class ParticleWindow {
    /** Noise deviations above the background that count as particle. */
    static final double THRESHOLD = 5;

    private ParticleWindow() {
    }

    static AcquisitionAdapter.Frame cut(AcquisitionAdapter.Frame frame, int width, int height) {
        int w = frame.width();
        int h = frame.height();
        float[] smooth = smooth(frame.pixels(), w, h);
        float[] sorted = smooth.clone();
        Arrays.sort(sorted);
        double background = sorted[sorted.length / 2];
        float[] deviations = new float[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            deviations[i] = (float) Math.abs(sorted[i] - background);
        }
        Arrays.sort(deviations);
        double noise = 1.4826 * deviations[deviations.length / 2];
        double threshold = background + Math.max(THRESHOLD * noise, 1e-6 * Math.max(1, Math.abs(background)));
        double[] centre = brightestRegionCentroid(smooth, w, h, background, threshold);
        int x0 = (int) Math.round(centre[0] + 0.5 - width / 2.0);
        int y0 = (int) Math.round(centre[1] + 0.5 - height / 2.0);
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sx = x0 + x;
                int sy = y0 + y;
                out[y * width + x] = sx >= 0 && sy >= 0 && sx < w && sy < h ? frame.pixels()[sy * w + sx] : (float) background;
            }
        }
        return new AcquisitionAdapter.Frame(out, width, height);
    }

    /** Mean over each pixel's 3 x 3 neighbourhood, clipped at the frame's edges. */
    static float[] smooth(float[] v, int w, int h) {
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                int n = 0;
                for (int dy = Math.max(0, y - 1); dy <= Math.min(h - 1, y + 1); dy++) {
                    for (int dx = Math.max(0, x - 1); dx <= Math.min(w - 1, x + 1); dx++) {
                        sum += v[dy * w + dx];
                        n++;
                    }
                }
                out[y * w + x] = (float) (sum / n);
            }
        }
        return out;
    }

    /** {x, y} of the signal-weighted centroid of the region above {@code threshold} with the most signal; the frame's centre if none. */
    static double[] brightestRegionCentroid(float[] s, int w, int h, double background, double threshold) {
        int[] region = new int[s.length]; // 0: not visited
        int[] queue = new int[s.length];
        double best = 0;
        double[] centre = {(w - 1) / 2.0, (h - 1) / 2.0};
        int label = 0;
        for (int start = 0; start < s.length; start++) {
            if (region[start] != 0 || s[start] <= threshold) {
                continue;
            }
            label++;
            double signal = 0;
            double sx = 0;
            double sy = 0;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            region[start] = label;
            while (head < tail) {
                int p = queue[head++];
                int x = p % w;
                int y = p / w;
                double weight = s[p] - background;
                signal += weight;
                sx += weight * x;
                sy += weight * y;
                for (int q : new int[] {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1}) {
                    if (q >= 0 && region[q] == 0 && s[q] > threshold) {
                        region[q] = label;
                        queue[tail++] = q;
                    }
                }
            }
            if (signal > best) {
                best = signal;
                centre = new double[] {sx / signal, sy / signal};
            }
        }
        return centre;
    }
}
