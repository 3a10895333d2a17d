package org.stemstream.simulator.fit;

import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Quaternion;

/**
 * Levenberg-Marquardt on the Poisson deviance of a {@link ForwardModel}: Fisher scoring (each
 * pixel weighted by 1 / its expected count) with a damped normal matrix and forward-difference
 * derivatives. Parameters outside their bounds are clamped; a step is kept only when it lowers
 * the deviance. After each kept step the small rotation is folded into the base orientation.
 */
final class LevenbergMarquardt {

    /** Forward-difference steps per parameter (nm, rad, nm, nm, nm, depth, log dose, rad). */
    private static final double[] STEP = {0.02, 0.02, 0.02, 0.004, 0.004, 0.004, 0.02, 0.02, 0.01,
        0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.002, 0.005, 0.005, 0.005};
    /** Each component of a fitted turn during the scan stays within this many radians. */
    static final double TURN_MAX = 1;
    /** The dose may be fitted to within a factor e^3 of its first estimate either way. */
    static final double LOG_DOSE_RANGE = 3;
    static final double EDGE_MIN_NM = 3;
    static final double EDGE_MAX_NM = 40;
    static final double SIGMA_MIN_NM = 0.03;
    static final double SIGMA_MAX_NM = 0.6;
    static final double CUT_MIN = 0.1;
    static final double CUT_MAX = 0.45;

    private LevenbergMarquardt() {
    }

    /**
     * Fits the {@code free} parameters of {@code p} (in place) and {@code base[0]} to {@code counts}
     * in at most {@code iterations} steps; returns the deviance reached.
     */
    static double fit(ForwardModel model, double[] counts, double[] p, Quaternion[] base, boolean[] free, int iterations) {
        int n = counts.length;
        int[] index = new int[ForwardModel.PARAMETERS];
        int m = 0;
        for (int k = 0; k < ForwardModel.PARAMETERS; k++) {
            if (free[k]) {
                index[m++] = k;
            }
        }
        double[] mu = model.expected(p, base[0], new double[n]);
        double current = ForwardModel.deviance(counts, mu);
        double lambda = 1e-2;
        double[][] jacobian = new double[m][n];
        double[] weight = new double[n];
        double[] probe = new double[n];
        for (int iteration = 0; iteration < iterations; iteration++) {
            for (int i = 0; i < n; i++) {
                weight[i] = 1 / Math.sqrt(Math.max(mu[i], 0.05));
            }
            for (int u = 0; u < m; u++) {
                int k = index[u];
                double[] shifted = p.clone();
                shifted[k] += STEP[k];
                model.expected(shifted, base[0], probe);
                for (int i = 0; i < n; i++) {
                    jacobian[u][i] = (probe[i] - mu[i]) / STEP[k] * weight[i];
                }
            }
            double[][] normal = new double[m][m];
            double[] gradient = new double[m];
            for (int u = 0; u < m; u++) {
                for (int v = u; v < m; v++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += jacobian[u][i] * jacobian[v][i];
                    }
                    normal[u][v] = s;
                    normal[v][u] = s;
                }
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += jacobian[u][i] * (counts[i] - mu[i]) * weight[i];
                }
                gradient[u] = g;
            }
            boolean kept = false;
            for (int attempt = 0; attempt < 8 && !kept; attempt++) {
                double[][] damped = new double[m][];
                for (int u = 0; u < m; u++) {
                    damped[u] = normal[u].clone();
                    damped[u][u] = damped[u][u] * (1 + lambda) + 1e-9;
                }
                double[] delta = solve(damped, gradient.clone());
                double[] trial = p.clone();
                for (int u = 0; u < m; u++) {
                    trial[index[u]] += delta[u];
                }
                clamp(trial);
                double[] trialMu = model.expected(trial, base[0], new double[n]);
                double deviance = ForwardModel.deviance(counts, trialMu);
                if (deviance < current) {
                    double gain = current - deviance;
                    System.arraycopy(trial, 0, p, 0, trial.length);
                    base[0] = ForwardModel.orientation(p, base[0]);
                    p[ForwardModel.RX] = 0;
                    p[ForwardModel.RY] = 0;
                    p[ForwardModel.RZ] = 0;
                    mu = trialMu;
                    current = deviance;
                    lambda = Math.max(lambda / 3, 1e-6);
                    kept = true;
                    if (gain < 1e-4 * current) { // converged: a gain below 1e-4 of the deviance
                        return current;
                    }
                } else {
                    lambda *= 4;
                }
            }
            if (!kept) {
                break;
            }
        }
        return current;
    }

    /** Keeps edges, blur and every cut that is present inside the ranges the model renders. */
    static void clamp(double[] p) {
        for (int k = ForwardModel.A; k <= ForwardModel.C; k++) {
            p[k] = Math.max(EDGE_MIN_NM, Math.min(EDGE_MAX_NM, p[k]));
        }
        p[ForwardModel.SIGMA] = Math.max(SIGMA_MIN_NM, Math.min(SIGMA_MAX_NM, p[ForwardModel.SIGMA]));
        p[ForwardModel.LOG_DOSE] = Math.max(-LOG_DOSE_RANGE, Math.min(LOG_DOSE_RANGE, p[ForwardModel.LOG_DOSE]));
        for (int k = ForwardModel.TURN_X; k <= ForwardModel.TURN_Z; k++) {
            p[k] = Math.max(-TURN_MAX, Math.min(TURN_MAX, p[k]));
        }
        for (int k = ForwardModel.CUT; k < ForwardModel.CUT + Cuboid.CORNERS; k++) {
            if (p[k] != 0) {
                p[k] = Math.max(CUT_MIN, Math.min(CUT_MAX, p[k]));
            }
        }
    }

    /** Solves A x = b by Gaussian elimination with partial pivoting (A and b are overwritten). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] row = a[c];
            a[c] = a[pivot];
            a[pivot] = row;
            double t = b[c];
            b[c] = b[pivot];
            b[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
