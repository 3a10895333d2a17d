package org.stemstream.simulator;

import java.util.List;

/**
 * A triangular-based pyramid (a tetrahedron) given by its base triangle b0, b1, b2 and its apex,
 * in body coordinates (nm). The body origin is the rotation centre and the point placed at the
 * image position; the factories put it at the vertices' centroid. Any four non-coplanar points
 * make a valid pyramid; {@link Simulator#validate} rejects degenerate ones.
 */
public record Pyramid(Vec3 b0, Vec3 b1, Vec3 b2, Vec3 apex) implements Particle {

    /** A regular tetrahedron with edge {@code edge}, centroid at the origin. */
    public static Pyramid regularTetrahedron(double edge) {
        return of(edge, edge * Math.sqrt(2.0 / 3.0));
    }

    /**
     * A right pyramid: an equilateral base of edge {@code baseEdge} in a plane z = const and the
     * apex at {@code height} above the base's centre along +z; the vertices' centroid at the origin.
     */
    public static Pyramid of(double baseEdge, double height) {
        double r = baseEdge / Math.sqrt(3); // circumradius of the base
        double zBase = -height / 4;        // the centroid of 4 vertices lies h/4 above the base
        Vec3 p0 = new Vec3(r, 0, zBase);
        Vec3 p1 = new Vec3(-r / 2, r * Math.sqrt(3) / 2, zBase);
        Vec3 p2 = new Vec3(-r / 2, -r * Math.sqrt(3) / 2, zBase);
        return new Pyramid(p0, p1, p2, new Vec3(0, 0, zBase + height));
    }

    public List<Vec3> vertices() {
        return List.of(b0, b1, b2, apex);
    }

    @Override
    public String shape() {
        return "pyramid";
    }

    /** |det(b1 - b0, b2 - b0, apex - b0)| / 6. */
    @Override
    public double volume() {
        Vec3 u = b1.minus(b0);
        Vec3 v = b2.minus(b0);
        Vec3 w = apex.minus(b0);
        return Math.abs(u.cross(v).dot(w)) / 6;
    }

    @Override
    public double boundingRadius() {
        return Math.max(Math.max(b0.norm(), b1.norm()), Math.max(b2.norm(), apex.norm()));
    }
}
