package org.stemstream.simulator.geometry;

import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

/**
 * Chords through a convex polytope by analytic ray/half-space clipping (physics.md): with the
 * planes rotated once per orientation, a ray (x, y, t) enters at t_min = max over planes with
 * n.z &lt; 0 and leaves at t_max = min over planes with n.z &gt; 0 of (d - n.x x - n.y y) / n.z.
 * Along a row both are linear in x, so the row's x-interval where t_max &gt;= t_min is found first
 * (one inequality per pair of entry and exit planes), and only rays inside it are evaluated, one
 * plane at a time over a float array (a loop the JIT vectorises).
 */
final class PolytopeTracer implements ChordTracer {

    /** Planes with |n.z| below this are treated as parallel to the beam. */
    private static final double PARALLEL = 1e-9;

    private final ConvexPolytope body;
    private final int planes;
    // exit planes: t <= ca + cy * y + cx * x; entry planes: t >= the same form
    private final double[] exitA;
    private final double[] exitY;
    private final double[] exitX;
    private final double[] entryA;
    private final double[] entryY;
    private final double[] entryX;
    // planes parallel to the beam: nx * x + ny * y <= d
    private final double[] sideNx;
    private final double[] sideNy;
    private final double[] sideD;
    private int exits;
    private int entries;
    private int sides;
    // per-row coefficients and scratch
    private final double[] rowExit;
    private final double[] rowEntry;
    private final float[] tMax;
    private final float[] tMin;

    PolytopeTracer(ConvexPolytope body, int maxSamples) {
        this.body = body;
        this.planes = body.size();
        exitA = new double[planes];
        exitY = new double[planes];
        exitX = new double[planes];
        entryA = new double[planes];
        entryY = new double[planes];
        entryX = new double[planes];
        sideNx = new double[planes];
        sideNy = new double[planes];
        sideD = new double[planes];
        rowExit = new double[planes];
        rowEntry = new double[planes];
        tMax = new float[maxSamples];
        tMin = new float[maxSamples];
        orient(Quaternion.identity());
    }

    @Override
    public void orient(Quaternion q) {
        exits = 0;
        entries = 0;
        sides = 0;
        for (int k = 0; k < planes; k++) {
            Vec3 n = q.rotate(body.normal(k));
            double d = body.offset(k);
            if (n.z() > PARALLEL) {
                exitA[exits] = d / n.z();
                exitY[exits] = -n.y() / n.z();
                exitX[exits++] = -n.x() / n.z();
            } else if (n.z() < -PARALLEL) {
                entryA[entries] = d / n.z();
                entryY[entries] = -n.y() / n.z();
                entryX[entries++] = -n.x() / n.z();
            } else {
                sideNx[sides] = n.x();
                sideNy[sides] = n.y();
                sideD[sides++] = d;
            }
        }
    }

    @Override
    public void addRow(double y, float[] xs, int from, int to, float[] acc) {
        if (Math.abs(y) > body.boundingRadius() || exits == 0 || entries == 0) {
            return;
        }
        double xLo = Double.NEGATIVE_INFINITY;
        double xHi = Double.POSITIVE_INFINITY;
        for (int s = 0; s < sides; s++) {
            double c = sideD[s] - sideNy[s] * y;
            double nx = sideNx[s];
            if (nx > PARALLEL) {
                xHi = Math.min(xHi, c / nx);
            } else if (nx < -PARALLEL) {
                xLo = Math.max(xLo, c / nx);
            } else if (c < 0) {
                return;
            }
        }
        for (int u = 0; u < exits; u++) {
            rowExit[u] = exitA[u] + exitY[u] * y;
        }
        for (int l = 0; l < entries; l++) {
            rowEntry[l] = entryA[l] + entryY[l] * y;
        }
        // t_max >= t_min  <=>  every exit plane lies above every entry plane
        for (int u = 0; u < exits; u++) {
            for (int l = 0; l < entries; l++) {
                double c0 = rowExit[u] - rowEntry[l];
                double c1 = exitX[u] - entryX[l];
                if (c1 > 0) {
                    xLo = Math.max(xLo, -c0 / c1);
                } else if (c1 < 0) {
                    xHi = Math.min(xHi, -c0 / c1);
                } else if (c0 < 0) {
                    return;
                }
            }
        }
        if (!(xLo < xHi)) {
            return;
        }
        int k0 = ChordTracer.lowerBound(xs, from, to, xLo);
        int k1 = ChordTracer.upperBound(xs, k0, to, xHi);
        if (k0 >= k1) {
            return;
        }
        envelope(rowExit, exitX, exits, xs, k0, k1, tMax, true);
        envelope(rowEntry, entryX, entries, xs, k0, k1, tMin, false);
        for (int k = k0; k < k1; k++) {
            acc[k] += Math.max(0f, tMax[k] - tMin[k]);
        }
    }

    /** out[k] = min (or max) over planes p of a[p] + b[p] * xs[k], for k in [k0, k1). */
    private static void envelope(double[] a, double[] b, int n, float[] xs, int k0, int k1, float[] out,
                                 boolean lower) {
        float a0 = (float) a[0];
        float b0 = (float) b[0];
        for (int k = k0; k < k1; k++) {
            out[k] = a0 + b0 * xs[k];
        }
        for (int p = 1; p < n; p++) {
            float ap = (float) a[p];
            float bp = (float) b[p];
            if (lower) {
                for (int k = k0; k < k1; k++) {
                    out[k] = Math.min(out[k], ap + bp * xs[k]);
                }
            } else {
                for (int k = k0; k < k1; k++) {
                    out[k] = Math.max(out[k], ap + bp * xs[k]);
                }
            }
        }
    }
}
