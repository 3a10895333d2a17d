package org.stemstream.simulator.noise;

import java.util.SplittableRandom;

/**
 * Standard normal deviates by the 128-layer ziggurat (Marsaglia and Tsang 2000, in Doornik's 2005
 * form, with layer index and uniform taken from disjoint bits of one 64-bit draw; the wedge test
 * needs one exponential, from {@link NegativeExp}). Implemented here so that the values never
 * depend on the JDK's own {@code nextGaussian} algorithm or on the machine.
 */
public final class GaussianNoise {

    private static final int LAYERS = 128;
    private static final double R = 3.442619855899;
    private static final double V = 9.91256303526217e-3;
    private static final double[] X = new double[LAYERS + 1];
    private static final double[] RATIO = new double[LAYERS];
    /** F[i] = exp(-X[i]^2 / 2), the density (unnormalised) at each layer's edge. */
    private static final double[] F = new double[LAYERS + 1];

    static {
        double f = StrictMath.exp(-0.5 * R * R);
        X[0] = V / f;
        X[1] = R;
        X[LAYERS] = 0;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = Math.sqrt(-2 * StrictMath.log(V / X[i - 1] + f));
            f = StrictMath.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < LAYERS; i++) {
            RATIO[i] = X[i + 1] / X[i];
        }
        for (int i = 0; i <= LAYERS; i++) {
            F[i] = StrictMath.exp(-0.5 * X[i] * X[i]);
        }
    }

    private GaussianNoise() {
    }

    /** One N(0, 1) deviate: layer from the low 7 bits of a 64-bit draw, the uniform from its top 53. */
    public static double next(SplittableRandom rnd) {
        while (true) {
            long bits = rnd.nextLong();
            int layer = (int) (bits & (LAYERS - 1));
            double u = 2 * ((bits >>> 11) * 0x1.0p-53) - 1;
            if (Math.abs(u) < RATIO[layer]) {
                return u * X[layer];
            }
            double x = outside(layer, u, rnd);
            if (!Double.isNaN(x)) {
                return x;
            }
        }
    }

    /**
     * Fills {@code out} with N(0, 1) deviates in index order, two per 64-bit draw: each 32-bit half
     * gives the layer (low 7 bits) and a 25-bit signed uniform, ample for float output. A trial
     * that the wedge test rejects restarts with {@link #next}.
     */
    public static void fill(float[] out, SplittableRandom rnd) {
        // the fast path is written out here, the rare rest kept out of line, so that this loop
        // compiles small and tight
        int n = out.length;
        for (int i = 0; i < n; i += 2) {
            long bits = rnd.nextLong();
            int lo = (int) bits;
            int hi = (int) (bits >>> 32);
            double u = (lo >> 7) * 0x1.0p-24;
            int layer = lo & (LAYERS - 1);
            out[i] = (float) (Math.abs(u) < RATIO[layer] ? u * X[layer] : slowHalf(layer, u, rnd));
            if (i + 1 < n) {
                u = (hi >> 7) * 0x1.0p-24;
                layer = hi & (LAYERS - 1);
                out[i + 1] = (float) (Math.abs(u) < RATIO[layer] ? u * X[layer] : slowHalf(layer, u, rnd));
            }
        }
    }

    private static double slowHalf(int layer, double u, SplittableRandom rnd) {
        double x = outside(layer, u, rnd);
        return Double.isNaN(x) ? next(rnd) : x;
    }

    /** The rest of a trial outside the layer's inner rectangle: the tail, or the wedge test (NaN: reject). */
    private static double outside(int layer, double u, SplittableRandom rnd) {
        if (layer == 0) {
            return tail(u < 0, rnd);
        }
        // wedge: accept under the density, between the layer's edge values F[layer] < F[layer + 1]
        double x = u * X[layer];
        double level = F[layer] + rnd.nextDouble() * (F[layer + 1] - F[layer]);
        return level < NegativeExp.of(0.5 * x * x) ? x : Double.NaN;
    }

    /** Marsaglia's tail method beyond R. */
    private static double tail(boolean negative, SplittableRandom rnd) {
        double x;
        double y;
        do {
            x = StrictMath.log(1 - rnd.nextDouble()) / R;
            y = StrictMath.log(1 - rnd.nextDouble());
        } while (-2 * y < x * x);
        return negative ? x - R : R - x;
    }
}
