package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link Preprocessing} against its definition written out plainly, in double, pass by pass: the
 * border's mean, the centroid, the peak, the second moments about the centroid, the third and
 * mixed fourth moments about the particle's axes summed directly (not expanded from the image's),
 * and each input pixel as the mean of its bilinear samples. The implementation expands the
 * moments from sums about the image's axes, computes each sample's position from per-row and
 * per-column terms and interpolates in float; it must agree to rounding.
 */
class PreprocessingReferenceTest {

    @Test
    void aCanonicalScaledCropIsItsDefinitionToRoundingWhereverTheCropReachesOutsideTheFrame() {
        Preprocessing pre = Preprocessing.unnormalised(48, 2, "sqrt").withOrient(Preprocessing.CANONICAL).withRadius(6).withNormalisation(0.5, 2);
        SplittableRandom rnd = new SplittableRandom(42);
        for (double degrees : new double[] {0, 30, 75, 120, 200, -50}) {
            for (int knob : new int[] {1, -1}) {
                float[] px = PreprocessingTest.bar(degrees, knob);
                for (int i = 0; i < px.length; i++) { // counts with noise about sqrt(count), as Poisson's
                    px[i] = (float) Math.max(0, px[i] + Math.sqrt(px[i]) * rnd.nextGaussian());
                }
                float[] expected = reference(px, 64, 64, 48, 2, 6, 0.5, 2);
                float[] actual = pre.apply(px, 64, 64);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("%s degrees, knob %s, pixel %d", degrees, knob, i).isCloseTo(expected[i], within(1e-4f));
                }
            }
        }
    }

    /** The crop by its definition (sqrt scaling, canonical orientation, scaled to {@code radius}). */
    private static float[] reference(float[] px, int w, int h, int crop, int binning, double radius, double mean, double std) {
        double[] v = new double[px.length];
        double border = 0, borderCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = Math.sqrt(Math.max(0, px[y * w + x]));
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    border += v[y * w + x];
                    borderCount++;
                }
            }
        }
        double bg = border / borderCount;
        double sw = 0, sx = 0, sy = 0, peak = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double weight = Math.max(0, v[y * w + x] - bg);
                sw += weight;
                sx += weight * x;
                sy += weight * y;
                peak = Math.max(peak, v[y * w + x] - bg);
            }
        }
        double cx = sx / sw, cy = sy / sw;
        double m = 0, mxx = 0, myy = 0, mxy = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double weight = v[y * w + x] - bg;
                if (weight > Preprocessing.AXIS_THRESHOLD * peak) {
                    m += weight;
                    mxx += weight * (x - cx) * (x - cx);
                    myy += weight * (y - cy) * (y - cy);
                    mxy += weight * (x - cx) * (y - cy);
                }
            }
        }
        double angle = 0.5 * Math.atan2(2 * mxy, mxx - myy), c = Math.cos(angle), s = Math.sin(angle);
        double u3 = 0, u3v = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double weight = v[y * w + x] - bg;
                if (weight > Preprocessing.AXIS_THRESHOLD * peak) {
                    double u = (x - cx) * c + (y - cy) * s, across = (y - cy) * c - (x - cx) * s;
                    u3 += weight * u * u * u;
                    u3v += weight * u * u * u * across;
                }
            }
        }
        int su = u3 < 0 ? -1 : 1, sv = su * u3v < 0 ? -1 : 1;
        double step = Math.sqrt((mxx + myy) / m) / radius;
        int size = crop / binning;
        float[] out = new float[size * size];
        for (int oy = 0; oy < size; oy++) {
            for (int ox = 0; ox < size; ox++) {
                double sum = 0;
                for (int by = 0; by < binning; by++) {
                    for (int bx = 0; bx < binning; bx++) {
                        double du = (ox * binning + bx + 0.5 - crop / 2.0) * step * su, dv = (oy * binning + by + 0.5 - crop / 2.0) * step * sv;
                        sum += bilinear(v, w, h, bg, cx + du * c - dv * s, cy + du * s + dv * c);
                    }
                }
                out[oy * size + ox] = (float) ((sum / (binning * binning) - bg - mean) / std);
            }
        }
        return out;
    }

    private static double bilinear(double[] v, int w, int h, double bg, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        return (at(v, w, h, bg, x0, y0) * (1 - fx) + at(v, w, h, bg, x0 + 1, y0) * fx) * (1 - fy)
                + (at(v, w, h, bg, x0, y0 + 1) * (1 - fx) + at(v, w, h, bg, x0 + 1, y0 + 1) * fx) * fy;
    }

    private static double at(double[] v, int w, int h, double bg, int x, int y) {
        return x >= 0 && y >= 0 && x < w && y < h ? v[y * w + x] : bg;
    }
}
