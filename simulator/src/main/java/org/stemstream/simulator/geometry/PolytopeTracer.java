package org.stemstream.simulator.geometry;

import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

/**
 * Chords through a convex polytope by analytic ray/half-space clipping (physics.md). With the
 * planes rotated once per orientation, a ray (x, y, t) leaves at t_max = min over planes with
 * n.z &gt; 0 and enters at t_min = max over planes with n.z &lt; 0 of (d - n.x x - n.y y) / n.z.
 * Along a row both are piecewise linear in x, so the row's thickness T(x) = t_max - t_min is built
 * exactly as a list of linear segments (by walking the two envelopes), clipped to where it is
 * positive, and each ray then costs one multiply-add. Planes parallel to the beam bound x directly.
 */
final class PolytopeTracer implements ChordTracer {

    /** Planes with |n.z| below this are treated as parallel to the beam. */
    private static final double PARALLEL = 1e-9;

    private final ConvexPolytope body;
    private final int planes;
    // exit planes: t <= a + ay * y + b * x; entry planes stored negated: -t <= the same form
    private final double[] exitA;
    private final double[] exitY;
    private final double[] exitB;
    private final double[] entryA;
    private final double[] entryY;
    private final double[] entryB;
    // planes parallel to the beam: nx * x + ny * y <= d
    private final double[] sideNx;
    private final double[] sideNy;
    private final double[] sideD;
    private final double[] sideInverseNx;
    // 1 / (slope of T) for each pair of exit and entry lines
    private final double[][] inverseSlope;
    private int exits;
    private int entries;
    private int sides;
    // per-row scratch
    private final double[] rowExit;
    private final double[] rowEntry;
    private final Envelope exitEnvelope;
    private final Envelope entryEnvelope;
    private final double[] segStart;
    private final double[] segA;
    private final double[] segB;
    private final double[] segInverseB;

    PolytopeTracer(ConvexPolytope body) {
        this.body = body;
        this.planes = body.size();
        exitA = new double[planes];
        exitY = new double[planes];
        exitB = new double[planes];
        entryA = new double[planes];
        entryY = new double[planes];
        entryB = new double[planes];
        sideNx = new double[planes];
        sideNy = new double[planes];
        sideD = new double[planes];
        sideInverseNx = new double[planes];
        inverseSlope = new double[planes][planes];
        rowExit = new double[planes];
        rowEntry = new double[planes];
        exitEnvelope = new Envelope(planes);
        entryEnvelope = new Envelope(planes);
        segStart = new double[2 * planes + 1];
        segA = new double[2 * planes + 1];
        segB = new double[2 * planes + 1];
        segInverseB = new double[2 * planes + 1];
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
                exitB[exits++] = -n.x() / n.z();
            } else if (n.z() < -PARALLEL) {
                entryA[entries] = -d / n.z();
                entryY[entries] = n.y() / n.z();
                entryB[entries++] = n.x() / n.z();
            } else {
                sideNx[sides] = n.x();
                sideNy[sides] = n.y();
                sideInverseNx[sides] = 1 / n.x();
                sideD[sides++] = d;
            }
        }
        for (int u = 0; u < exits; u++) {
            for (int e = 0; e < entries; e++) {
                inverseSlope[u][e] = 1 / (exitB[u] + entryB[e]);
            }
        }
        exitEnvelope.prepare(exitB, exits);
        entryEnvelope.prepare(entryB, entries);
    }

    @Override
    public void addRow(double y, RaySamples rays, int from, int to, double[] acc) {
        if (Math.abs(y) > body.boundingRadius() || exits == 0 || entries == 0) {
            return;
        }
        double xLo = Double.NEGATIVE_INFINITY;
        double xHi = Double.POSITIVE_INFINITY;
        for (int s = 0; s < sides; s++) {
            double c = sideD[s] - sideNy[s] * y;
            double nx = sideNx[s];
            if (nx > PARALLEL) {
                xHi = Math.min(xHi, c * sideInverseNx[s]);
            } else if (nx < -PARALLEL) {
                xLo = Math.max(xLo, c * sideInverseNx[s]);
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
        exitEnvelope.walk(rowExit, exitB, exits);
        entryEnvelope.walk(rowEntry, entryB, entries);
        int segments = merge();
        // T is concave: the set where it is positive is one interval
        double posLo = Double.POSITIVE_INFINITY;
        double posHi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < segments; s++) {
            double lo = Math.max(segStart[s], xLo);
            double hi = Math.min(s + 1 < segments ? segStart[s + 1] : Double.POSITIVE_INFINITY, xHi);
            double a = segA[s];
            double b = segB[s];
            if (b > 0) {
                lo = Math.max(lo, -a * segInverseB[s]);
            } else if (b < 0) {
                hi = Math.min(hi, -a * segInverseB[s]);
            } else if (a <= 0) {
                continue;
            }
            if (lo < hi) {
                posLo = Math.min(posLo, lo);
                posHi = Math.max(posHi, hi);
            }
        }
        double[] xs = rays.values();
        int k = rays.lowerBound(posLo, from, to);
        int kEnd = rays.upperBound(posHi, k, to);
        int s = 0;
        while (k < kEnd) {
            while (s + 1 < segments && segStart[s + 1] < xs[k]) {
                s++;
            }
            int stop = s + 1 < segments ? rays.upperBound(segStart[s + 1], k, kEnd) : kEnd;
            double a = segA[s];
            double b = segB[s];
            for (; k < stop; k++) {
                acc[k] += Math.max(0.0, a + b * xs[k]);
            }
            s++;
        }
    }

    /** Merges the exit envelope and the negated entry envelope into segments of T = t_max - t_min. */
    private int merge() {
        Envelope u = exitEnvelope;
        Envelope e = entryEnvelope;
        int i = 0;
        int j = 0;
        int n = 0;
        double x = Double.NEGATIVE_INFINITY;
        while (true) {
            segStart[n] = x;
            segA[n] = rowExit[u.line[i]] + rowEntry[e.line[j]];
            segB[n] = exitB[u.line[i]] + entryB[e.line[j]];
            segInverseB[n] = inverseSlope[u.line[i]][e.line[j]];
            n++;
            double nextU = i + 1 < u.count ? u.start[i + 1] : Double.POSITIVE_INFINITY;
            double nextE = j + 1 < e.count ? e.start[j + 1] : Double.POSITIVE_INFINITY;
            x = Math.min(nextU, nextE);
            if (x == Double.POSITIVE_INFINITY) {
                return n;
            }
            if (nextU == x) {
                i++;
            }
            if (nextE == x) {
                j++;
            }
        }
    }

    /**
     * The lower envelope min_i (a_i + b_i x) of lines over the whole x axis, as (start, line)
     * pieces. Slopes stay fixed for an orientation, so the reciprocals of their differences are
     * computed once in {@link #prepare} and a row's walk needs no division.
     */
    static final class Envelope {
        final double[] start;
        final int[] line;
        int count;
        private final double[][] inverseSlopeGap;

        Envelope(int capacity) {
            start = new double[capacity];
            line = new int[capacity];
            inverseSlopeGap = new double[capacity][capacity];
        }

        void prepare(double[] b, int n) {
            for (int i = 0; i < n; i++) {
                for (int v = 0; v < n; v++) {
                    inverseSlopeGap[i][v] = b[v] < b[i] ? 1 / (b[i] - b[v]) : 0;
                }
            }
        }

        void walk(double[] a, double[] b, int n) {
            // far left the steepest line is lowest; on a tie, the lower one
            int cur = 0;
            for (int i = 1; i < n; i++) {
                if (b[i] > b[cur] || (b[i] == b[cur] && a[i] < a[cur])) {
                    cur = i;
                }
            }
            double x = Double.NEGATIVE_INFINITY;
            count = 0;
            while (cur >= 0) {
                start[count] = x;
                line[count++] = cur;
                // moving right, the current line is overtaken first by the flatter line crossing it soonest
                double[] inv = inverseSlopeGap[cur];
                int next = -1;
                double best = Double.POSITIVE_INFINITY;
                for (int v = 0; v < n; v++) {
                    if (b[v] < b[cur]) {
                        double xv = (a[v] - a[cur]) * inv[v];
                        if (xv < best || (next >= 0 && xv == best && b[v] < b[next])) {
                            best = xv;
                            next = v;
                        }
                    }
                }
                x = Math.max(x, best);
                cur = next;
            }
        }
    }
}
