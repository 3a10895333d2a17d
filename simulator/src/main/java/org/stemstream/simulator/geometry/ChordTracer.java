package org.stemstream.simulator.geometry;

import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Sphere;

/**
 * Exact chord lengths of beam-parallel rays through a particle at one orientation, a row at a time.
 * Rays run along z through lab points (x, y) measured from the particle's centre, in nm.
 *
 * <p>An instance holds scratch buffers and the current orientation: one per rendering thread.
 */
public interface ChordTracer {

    /** Sets the orientation (body to lab) for the following rows. */
    void orient(Quaternion q);

    /**
     * Adds the chord length at (xs[k], y) to acc[k] for k in [from, to). {@code xs} must be
     * ascending.
     */
    void addRow(double y, double[] xs, int from, int to, double[] acc);

    /** A tracer for {@code particle}. */
    static ChordTracer of(Particle particle) {
        if (particle instanceof Sphere s) {
            return new SphereTracer(s.radius());
        } else if (particle instanceof Cuboid c) {
            return new PolytopeTracer(ConvexPolytope.of(c));
        } else if (particle instanceof Pyramid p) {
            return new PolytopeTracer(ConvexPolytope.of(p));
        }
        throw new IllegalArgumentException("no tracer for " + particle);
    }

    /** The first index in [from, to) whose value is >= x (to when none). */
    static int lowerBound(double[] xs, int from, int to, double x) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index in [from, to) whose value is > x (to when none). */
    static int upperBound(double[] xs, int from, int to, double x) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
