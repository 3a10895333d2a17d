package org.stemstream.simulator;

import java.util.Arrays;

/**
 * A cuboid with edges a, b, c (nm) along the body x, y, z axes, centred on the origin, with
 * optionally cut-off (deformed) corners.
 *
 * <p><b>Corner numbering.</b> Corner index {@code i = 0..7} has bits (x, y, z) = (bit 0, bit 1,
 * bit 2): a set bit means the + side, so corner i sits at
 * ({@code (i & 1) != 0 ? +a/2 : -a/2}, {@code (i & 2) != 0 ? +b/2 : -b/2},
 * {@code (i & 4) != 0 ? +c/2 : -c/2}). Corner 0 is (-,-,-), 1 is (+,-,-), 2 is (-,+,-), 3 is
 * (+,+,-), 4 is (-,-,+), ..., 7 is (+,+,+). Two corners share an edge when their indices differ in
 * one bit, lie on a face diagonal when they differ in two, on the body diagonal in three.
 *
 * <p><b>Deformation.</b> {@code cutDepths[i] = 0} leaves corner i intact; {@code f in (0, 0.5)}
 * cuts it off with the plane through the three points at distance {@code f * min(a, b, c)} from
 * the corner along its three edges, which removes a tetrahedron of volume L^3 / 6
 * (L = f * min(a, b, c)). Below 0.5, cuts never meet each other. Ranges are checked by
 * {@link Simulator#validate}; this record only checks the array's shape.
 */
public record Cuboid(double a, double b, double c, double[] cutDepths) implements Particle {

    public static final int CORNERS = 8;

    public Cuboid {
        if (cutDepths == null) {
            throw new InvalidSpecException("cuboid cutDepths is null, expected 8 values (0 = intact)");
        }
        if (cutDepths.length != CORNERS) {
            throw new InvalidSpecException("cuboid cutDepths has length " + cutDepths.length
                    + ", expected " + CORNERS + " (one per corner)");
        }
        cutDepths = cutDepths.clone();
    }

    /** An undeformed cuboid. */
    public static Cuboid of(double a, double b, double c) {
        return new Cuboid(a, b, c, new double[CORNERS]);
    }

    /** A cube with edge e. */
    public static Cuboid cube(double e) {
        return of(e, e, e);
    }

    /** A copy with corner {@code corner} (0..7) cut at depth {@code f} (0 restores it). */
    public Cuboid withCut(int corner, double f) {
        if (corner < 0 || corner >= CORNERS) {
            throw new InvalidSpecException("corner " + corner + " is not a corner index 0.." + (CORNERS - 1));
        }
        double[] cuts = cutDepths.clone();
        cuts[corner] = f;
        return new Cuboid(a, b, c, cuts);
    }

    /** A copy of the cut depths, indexed by corner number. */
    @Override
    public double[] cutDepths() {
        return cutDepths.clone();
    }

    public double cutDepth(int corner) {
        return cutDepths[corner];
    }

    /** The cut length L = f * min(a, b, c) of a corner, in nm (0 when intact). */
    public double cutLength(int corner) {
        return cutDepths[corner] * shortestEdge();
    }

    public double shortestEdge() {
        return Math.min(a, Math.min(b, c));
    }

    /** The position of corner {@code i} (numbering in the class comment) before any cut. */
    public Vec3 corner(int i) {
        return new Vec3(sign(i, 1) * a / 2, sign(i, 2) * b / 2, sign(i, 4) * c / 2);
    }

    /** +1 or -1: the side of corner {@code i} along the axis whose bit is {@code bit} (1, 2 or 4). */
    public static int sign(int corner, int bit) {
        return (corner & bit) != 0 ? 1 : -1;
    }

    @Override
    public String shape() {
        return "cuboid";
    }

    @Override
    public double volume() {
        double v = a * b * c;
        for (int i = 0; i < CORNERS; i++) {
            double l = cutLength(i);
            v -= l * l * l / 6;
        }
        return v;
    }

    @Override
    public double boundingRadius() {
        return 0.5 * Math.sqrt(a * a + b * b + c * c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cuboid q && Double.compare(a, q.a) == 0 && Double.compare(b, q.b) == 0
                && Double.compare(c, q.c) == 0 && Arrays.equals(cutDepths, q.cutDepths);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Double.hashCode(a) + Double.hashCode(b)) + Double.hashCode(c))
                + Arrays.hashCode(cutDepths);
    }

    @Override
    public String toString() {
        return "Cuboid[a=" + a + ", b=" + b + ", c=" + c + ", cutDepths=" + Arrays.toString(cutDepths) + "]";
    }
}
