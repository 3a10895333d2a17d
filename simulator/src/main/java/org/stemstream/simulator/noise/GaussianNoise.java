package org.stemstream.simulator.noise;

import java.util.SplittableRandom;

/**
 * Standard normal deviates by the 128-layer ziggurat (Marsaglia and Tsang 2000, in Doornik's 2005
 * form, with layer index and uniform taken from disjoint bits of one 64-bit draw). Implemented
 * here, with {@link StrictMath} in the rare slow paths, so that the values never depend on the
 * JDK's own {@code nextGaussian} algorithm or on the machine.
 */
public final class GaussianNoise {

    private static final int LAYERS = 128;
    private static final double R = 3.442619855899;
    private static final double V = 9.91256303526217e-3;
    private static final double[] X = new double[LAYERS + 1];
    private static final double[] RATIO = new double[LAYERS];

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
    }

    private GaussianNoise() {
    }

    /** One N(0, 1) deviate. */
    public static double next(SplittableRandom rnd) {
        while (true) {
            long bits = rnd.nextLong();
            int i = (int) (bits & (LAYERS - 1));
            double u = 2 * ((bits >>> 11) * 0x1.0p-53) - 1;
            if (Math.abs(u) < RATIO[i]) {
                return u * X[i];
            }
            if (i == 0) {
                return tail(u < 0, rnd);
            }
            double x = u * X[i];
            double f0 = StrictMath.exp(-0.5 * (X[i] * X[i] - x * x));
            double f1 = StrictMath.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
            if (f1 + rnd.nextDouble() * (f0 - f1) < 1.0) {
                return x;
            }
        }
    }

    /** Fills {@code out} with N(0, 1) deviates, in index order. */
    public static void fill(float[] out, SplittableRandom rnd) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) next(rnd);
        }
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
