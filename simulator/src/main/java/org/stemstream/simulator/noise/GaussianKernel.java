package org.stemstream.simulator.noise;

/** Normalised, truncated 1-D Gaussian kernels (radius ceil(4 sigma)), weights summing to 1. */
public final class GaussianKernel {

    /** Kernels are truncated at this many standard deviations. */
    public static final double TRUNCATION = 4;

    private GaussianKernel() {
    }

    /** The kernel radius in pixels for a standard deviation of {@code sigmaPx} pixels. */
    public static int radius(double sigmaPx) {
        return sigmaPx > 0 ? (int) Math.ceil(TRUNCATION * sigmaPx) : 0;
    }

    /** Weights w[0 .. 2r] for offsets -r .. r; {1} for a zero sigma. */
    public static float[] weights(double sigmaPx) {
        int r = radius(sigmaPx);
        double[] raw = new double[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) {
            double v = r == 0 ? 1 : StrictMath.exp(-0.5 * t * t / (sigmaPx * sigmaPx));
            raw[t + r] = v;
            sum += v;
        }
        float[] w = new float[raw.length];
        for (int t = 0; t < raw.length; t++) {
            w[t] = (float) (raw[t] / sum);
        }
        return w;
    }

    /** The sum of squared weights: the variance of unit white noise after filtering in 1-D. */
    public static double sumOfSquares(float[] w) {
        double s = 0;
        for (float v : w) {
            s += (double) v * v;
        }
        return s;
    }
}
