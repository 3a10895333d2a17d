package org.stemstream.simulator.noise;

/**
 * exp(-x) for 0 <= x < 10, fast and identical on every machine: table lookups (built with
 * {@link StrictMath}) for the integer part and 1/256 steps, then a degree-5 Taylor polynomial in
 * multiplications only (error below 1e-17) for the remainder r < 1/256. For the noise samplers'
 * inner loops, where {@code StrictMath.exp} would dominate.
 */
final class NegativeExp {

    static final double LIMIT = 10;
    private static final int STEPS = 256;
    private static final double[] WHOLE = new double[(int) LIMIT + 1];
    private static final double[] FRACTION = new double[STEPS];

    static {
        for (int n = 0; n < WHOLE.length; n++) {
            WHOLE[n] = StrictMath.exp(-n);
        }
        for (int m = 0; m < STEPS; m++) {
            FRACTION[m] = StrictMath.exp(-(double) m / STEPS);
        }
    }

    private NegativeExp() {
    }

    static double of(double x) {
        int n = (int) x;
        double f = x - n;
        int m = (int) (f * STEPS);
        double r = f - (double) m / STEPS;
        double p = 1 + r * (-1 + r * (1.0 / 2 + r * (-1.0 / 6 + r * (1.0 / 24 + r * (-1.0 / 120)))));
        return WHOLE[n] * FRACTION[m] * p;
    }
}
