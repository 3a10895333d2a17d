package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the particle in a frame wider than a model's and cuts a model-sized window centred on it.
 *
 * <p>The frame is smoothed over 3 x 3 pixels; its background level and noise are the median and
 * the scaled median absolute deviation of the smoothed values (robust: a particle covers a small
 * part of a wide frame). Pixels more than {@link #THRESHOLD} noise deviations above the background
 * form connected regions (4-neighbours), and a region that holds several touching or overlapping
 * particles is split at the necks between them, one part per particle ({@link DistanceWatershed}).
 * The particle is the region or part with the most signal above the background (the largest or
 * thickest of several), and the window is centred on its signal-weighted centroid. Window pixels
 * outside the frame read as the background level. A frame with no such region is cut around its
 * centre.
 *
 * <p>{@link #find} lists every region or part with at least {@link #MIN_SHARE} of the main one's
 * signal (fainter ones are noise or debris), at most {@link #MAX_PARTICLES}, most signal first.
 */
final class ParticleWindow {
    /** Noise deviations above the background that count as particle. */
    static final double THRESHOLD = 5;
    /** A particle has at least this share of the main particle's signal. */
    static final double MIN_SHARE = 0.1;
    /** The most pixels the background level and noise are measured on. */
    static final int SAMPLE = 1 << 16;
    /** The most particles listed per frame. */
    static final int MAX_PARTICLES = 64;

    private ParticleWindow() {
    }

    /** A particle: its signal-weighted centre (pixels) and its counts above the background, over its own region or part. */
    public record Particle(double x, double y, double signal) {
    }

    /** The window on the main particle {@code found} in {@code frame}, or on its centre if none. */
    static AcquisitionAdapter.Frame cut(AcquisitionAdapter.Frame frame, Found found, int width, int height) {
        Particle main = found.particles().isEmpty() ? new Particle((frame.width() - 1) / 2.0, (frame.height() - 1) / 2.0, 0)
                : found.particles().get(0);
        return window(frame, main, found.background(), width, height);
    }

    /** The {@code width x height} window centred on {@code p}; outside the frame reads as the background level. */
    static AcquisitionAdapter.Frame window(AcquisitionAdapter.Frame frame, Particle p, double background, int width, int height) {
        int w = frame.width();
        int h = frame.height();
        int x0 = (int) Math.round(p.x() + 0.5 - width / 2.0);
        int y0 = (int) Math.round(p.y() + 0.5 - height / 2.0);
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

    /** The frame's background level and its particles (see the class comment), most signal first; none in a frame without one. */
    record Found(double background, List<Particle> particles) {
    }

    static Found find(AcquisitionAdapter.Frame frame) {
        int w = frame.width();
        int h = frame.height();
        float[] smooth = smooth(frame.pixels(), w, h);
        // the background statistics from at most SAMPLE evenly spread pixels: a 2048 x 2048 frame would sort 4 M values twice
        int stride = Math.max(1, smooth.length / SAMPLE);
        float[] sorted = new float[(smooth.length + stride - 1) / stride];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = smooth[i * stride];
        }
        Arrays.sort(sorted);
        double background = sorted[sorted.length / 2];
        float[] deviations = new float[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            deviations[i] = (float) Math.abs(sorted[i] - background);
        }
        Arrays.sort(deviations);
        double noise = 1.4826 * deviations[deviations.length / 2];
        double threshold = background + Math.max(THRESHOLD * noise, 1e-6 * Math.max(1, Math.abs(background)));
        List<Particle> regions = regions(smooth, w, h, background, threshold);
        regions.sort(java.util.Comparator.comparingDouble(Particle::signal).reversed());
        double least = regions.isEmpty() ? 0 : MIN_SHARE * regions.get(0).signal();
        List<Particle> kept = regions.stream().filter(r -> r.signal() >= least).limit(MAX_PARTICLES).toList();
        return new Found(background, kept);
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

    /**
     * Every particle above {@code threshold}: each region of pixels above it (4-neighbours), split
     * where it holds several particles ({@link DistanceWatershed}); each part with its
     * signal-weighted centroid and its own signal above {@code background}.
     */
    static List<Particle> regions(float[] s, int w, int h, double background, double threshold) {
        boolean[] mask = new boolean[s.length];
        for (int p = 0; p < s.length; p++) {
            mask[p] = s[p] > threshold;
        }
        boolean[] seen = new boolean[s.length];
        int[] region = new int[s.length];
        List<Particle> out = new ArrayList<>();
        for (int start = 0; start < s.length; start++) {
            if (seen[start] || !mask[start]) {
                continue;
            }
            int head = 0;
            int tail = 0;
            region[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int p = region[head++];
                int x = p % w;
                int y = p / w;
                for (int q : new int[] {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1}) {
                    if (q >= 0 && !seen[q] && mask[q]) {
                        seen[q] = true;
                        region[tail++] = q;
                    }
                }
            }
            DistanceWatershed.Parts parts = DistanceWatershed.split(mask, w, h, region, tail);
            double[] signal = new double[parts.count()];
            double[] sx = new double[parts.count()];
            double[] sy = new double[parts.count()];
            for (int i = 0; i < tail; i++) {
                int p = region[i];
                int part = parts.labels()[i];
                double weight = s[p] - background;
                signal[part] += weight;
                sx[part] += weight * (p % w);
                sy[part] += weight * (p / w);
            }
            for (int i = 0; i < parts.count(); i++) {
                out.add(new Particle(sx[i] / signal[i], sy[i] / signal[i], signal[i]));
            }
        }
        return out;
    }
}
