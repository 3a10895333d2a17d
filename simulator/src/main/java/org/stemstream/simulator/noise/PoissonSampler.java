package org.stemstream.simulator.noise;

import java.util.SplittableRandom;

/**
 * Exact Poisson deviates for every mean: sequential inversion below a mean of 10, Hoermann's
 * transformed rejection with squeeze (PTRS, 1993) above. The inversion takes exp(-mean) from
 * {@link NegativeExp} and, below a mean of 1, decides most counts of 0 and 1 from series bounds
 * without it; results only depend on the seed, never on the machine.
 */
public final class PoissonSampler {

    /** Means below this use inversion, others PTRS. */
    public static final double INVERSION_LIMIT = 10;

    private static final int MAX_INVERSION_STEPS = 1000;
    private static final double[] LOGGAM_SERIES = {8.333333333333333e-02, -2.777777777777778e-03,
        7.936507936507937e-04, -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
        6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01, -1.39243221690590e+00};
    private static final double LOG_2PI = 1.8378770664093453;
    private static final double[] RECIPROCAL = new double[MAX_INVERSION_STEPS + 1];
    private static final double[] LOG_FACTORIAL = new double[1024];

    static {
        for (int k = 1; k < RECIPROCAL.length; k++) {
            RECIPROCAL[k] = 1.0 / k;
        }
        for (int k = 0; k < LOG_FACTORIAL.length; k++) {
            LOG_FACTORIAL[k] = logGamma(k + 1.0);
        }
    }

    private PoissonSampler() {
    }

    /** One Poisson(mean) deviate; 0 for a mean that is not positive. */
    public static long sample(double mean, SplittableRandom rnd) {
        if (!(mean > 0)) {
            return 0;
        }
        if (mean < 1) {
            double u = rnd.nextDouble();
            int k = squeeze(mean, u);
            return k >= 0 ? k : invert(mean, u);
        }
        return mean < INVERSION_LIMIT ? invert(mean, rnd.nextDouble()) : ptrs(mean, rnd);
    }

    /**
     * The count for a mean in (0, 1) and uniform u when series bounds decide it, else -1. The
     * alternating series bounds exp(-m) on both sides, lower = 1 - m + m^2/2 - m^3/6 <= exp(-m) <=
     * lower + m^4/24, so most counts of 0 (u < exp(-m)) and 1 (exp(-m) <= u < exp(-m) (1 + m)) of
     * the carbon background need no exponential. One well-predicted branch for both outcomes.
     */
    private static int squeeze(double mean, double u) {
        double lower = 1 - mean * (1 - mean * (1.0 / 2 - mean * (1.0 / 6)));
        double m2 = mean * mean;
        boolean zero = u < lower;
        boolean one = u >= lower + m2 * m2 * (1.0 / 24) & u < lower * (1 + mean);
        if (zero | one) {
            return zero ? 0 : 1;
        }
        return -1;
    }

    /** Sequential search of the cumulative distribution from 0 for the uniform u. */
    private static long invert(double mean, double u) {
        double p = NegativeExp.of(mean);
        int k = 0;
        while (u > p && k < MAX_INVERSION_STEPS) {
            u -= p;
            k++;
            p *= mean * RECIPROCAL[k];
        }
        return k;
    }

    private static long ptrs(double lam, SplittableRandom rnd) {
        double slam = Math.sqrt(lam);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double vr = 0.9277 - 3.6224 / (b - 2);
        double invAlpha = Double.NaN;
        double logLam = Double.NaN;
        while (true) {
            double u = rnd.nextDouble() - 0.5;
            double v = rnd.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lam + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Double.isNaN(logLam)) {
                logLam = StrictMath.log(lam);
                invAlpha = 1.1239 + 1.1328 / (b - 3.4);
            }
            // Hoermann's acceptance test log(V invAlpha / (a / us^2 + b)) <= log P(k), one logarithm
            if (StrictMath.log(v * invAlpha / (a / (us * us) + b)) <= -lam + k * logLam - logFactorial(k)) {
                return k;
            }
        }
    }

    /** log k!, from a table below 1024. */
    static double logFactorial(long k) {
        return k < LOG_FACTORIAL.length ? LOG_FACTORIAL[(int) k] : logGamma(k + 1.0);
    }

    /** log Gamma(x) for x >= 1 (Stirling series after shifting x to at least 7). */
    static double logGamma(double x) {
        if (x == 1.0 || x == 2.0) {
            return 0.0;
        }
        int n = x < 7.0 ? (int) (7 - x) : 0;
        double x0 = x + n;
        double x2 = (1.0 / x0) * (1.0 / x0);
        double gl0 = LOGGAM_SERIES[9];
        for (int k = 8; k >= 0; k--) {
            gl0 = gl0 * x2 + LOGGAM_SERIES[k];
        }
        double gl = gl0 / x0 + 0.5 * LOG_2PI + (x0 - 0.5) * StrictMath.log(x0) - x0;
        for (int k = 1; k <= n; k++) {
            gl -= StrictMath.log(x0 - 1.0);
            x0 -= 1.0;
        }
        return gl;
    }
}
