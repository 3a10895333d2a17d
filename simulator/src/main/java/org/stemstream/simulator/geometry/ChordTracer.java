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

    /** Adds the chord length at (x_k, y) to acc[k] for the rays k in [from, to). */
    void addRow(double y, RaySamples rays, int from, int to, double[] acc);

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
}
