package org.stemstream.simulator.geometry;

/**
 * The x positions of the rays along a row, evenly spaced: x_k = origin + k * step, k in [0, n).
 * Index look-ups are O(1) (an estimate corrected against the stored values), so tracers can clip
 * a row to the particle's extent without searching.
 */
public final class RaySamples {

    private final double[] xs;
    private final double origin;
    private final double step;
    private final double inverseStep;

    private RaySamples(double origin, double step, int n) {
        if (!(step > 0) || n < 1) {
            throw new IllegalArgumentException("ray samples need a positive step and at least one ray: step " + step
                    + ", n " + n);
        }
        this.origin = origin;
        this.step = step;
        this.inverseStep = 1 / step;
        this.xs = new double[n];
        for (int k = 0; k < n; k++) {
            xs[k] = origin + k * step;
        }
    }

    public static RaySamples of(double origin, double step, int n) {
        return new RaySamples(origin, step, n);
    }

    public int size() {
        return xs.length;
    }

    public double x(int k) {
        return xs[k];
    }

    /** The backing array (not copied): read it, never write it. */
    double[] values() {
        return xs;
    }

    /** The first k in [from, to) with x_k >= x, or {@code to}. */
    public int lowerBound(double x, int from, int to) {
        int k = estimate(x, from, to);
        while (k > from && xs[k - 1] >= x) {
            k--;
        }
        while (k < to && xs[k] < x) {
            k++;
        }
        return k;
    }

    /** The first k in [from, to) with x_k > x, or {@code to}. */
    public int upperBound(double x, int from, int to) {
        int k = estimate(x, from, to);
        while (k > from && xs[k - 1] > x) {
            k--;
        }
        while (k < to && xs[k] <= x) {
            k++;
        }
        return k;
    }

    private int estimate(double x, int from, int to) {
        double g = Math.ceil((x - origin) * inverseStep);
        if (!(g > from)) {
            return from; // also NaN and -infinity
        }
        return g < to ? (int) g : to;
    }
}
