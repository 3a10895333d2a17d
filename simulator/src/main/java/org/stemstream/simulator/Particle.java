package org.stemstream.simulator;

/**
 * A convex nanoparticle in its body frame, centred on the body origin; all lengths in nm.
 *
 * <p>Adding a shape (octahedron, cuboctahedron, decahedron) means a new record here and its
 * half-spaces in {@code geometry.HalfSpaces}.
 */
public sealed interface Particle permits Cuboid, Pyramid, Sphere {

    /** A short lower-case name: "cuboid", "pyramid", "sphere". */
    String shape();

    /** The solid's volume in nm^3 (corner cuts removed). */
    double volume();

    /** The largest distance from the body origin to a point of the solid, in nm. */
    double boundingRadius();
}
