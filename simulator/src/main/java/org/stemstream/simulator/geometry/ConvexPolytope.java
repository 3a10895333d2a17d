package org.stemstream.simulator.geometry;

import java.util.ArrayList;
import java.util.List;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.InvalidSpecException;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Vec3;

/**
 * A convex solid {x : n_k . x <= d_k} in its body frame, with unit outward normals n_k. New
 * polyhedral shapes only need a factory here.
 */
public final class ConvexPolytope {

    private final List<Vec3> normals;
    private final double[] offsets;
    private final double boundingRadius;

    private ConvexPolytope(List<Vec3> normals, double[] offsets, double boundingRadius) {
        this.normals = List.copyOf(normals);
        this.offsets = offsets.clone();
        this.boundingRadius = boundingRadius;
    }

    /**
     * Half-spaces n . x <= d with any non-zero normals (normalised here); {@code boundingRadius}
     * bounds the solid and lets the projector skip empty rows.
     */
    public static ConvexPolytope of(List<Vec3> normals, double[] offsets, double boundingRadius) {
        if (normals.size() != offsets.length) {
            throw new IllegalArgumentException(normals.size() + " normals but " + offsets.length + " offsets");
        }
        List<Vec3> unit = new ArrayList<>();
        double[] d = new double[offsets.length];
        for (int k = 0; k < offsets.length; k++) {
            double n = normals.get(k).norm();
            unit.add(normals.get(k).scale(1 / n));
            d[k] = offsets[k] / n;
        }
        return new ConvexPolytope(unit, d, boundingRadius);
    }

    /**
     * The six faces of a cuboid plus one plane per deformed corner: with corner signs s and cut
     * length L = f * min(a, b, c), the plane s . x / sqrt 3 = ((a + b + c) / 2 - L) / sqrt 3
     * passes through the three points at distance L from the corner along its edges.
     */
    public static ConvexPolytope of(Cuboid cuboid) {
        double a = cuboid.a();
        double b = cuboid.b();
        double c = cuboid.c();
        List<Vec3> n = new ArrayList<>(List.of(Vec3.X, Vec3.X.scale(-1), Vec3.Y, Vec3.Y.scale(-1),
                Vec3.Z, Vec3.Z.scale(-1)));
        List<Double> d = new ArrayList<>(List.of(a / 2, a / 2, b / 2, b / 2, c / 2, c / 2));
        for (int i = 0; i < Cuboid.CORNERS; i++) {
            double cut = cuboid.cutLength(i);
            if (cut > 0) {
                n.add(new Vec3(Cuboid.sign(i, 1), Cuboid.sign(i, 2), Cuboid.sign(i, 4)));
                d.add((a + b + c) / 2 - cut); // normalised by sqrt 3 in of(...)
            }
        }
        return of(n, d.stream().mapToDouble(Double::doubleValue).toArray(), cuboid.boundingRadius());
    }

    /** The four faces of a tetrahedron, each oriented away from the opposite vertex. */
    public static ConvexPolytope of(Pyramid p) {
        List<Vec3> v = p.vertices();
        List<Vec3> n = new ArrayList<>();
        double[] d = new double[4];
        for (int k = 0; k < 4; k++) {
            Vec3 p0 = v.get(k);
            Vec3 p1 = v.get((k + 1) % 4);
            Vec3 p2 = v.get((k + 2) % 4);
            Vec3 opposite = v.get((k + 3) % 4);
            Vec3 normal = p1.minus(p0).cross(p2.minus(p0));
            double len = normal.norm();
            if (!(len > 0)) {
                throw new InvalidSpecException("pyramid face " + p0 + ", " + p1 + ", " + p2 + " is degenerate");
            }
            normal = normal.scale(1 / len);
            double dk = normal.dot(p0);
            if (normal.dot(opposite) > dk) {
                normal = normal.scale(-1);
                dk = -dk;
            }
            n.add(normal);
            d[k] = dk;
        }
        return new ConvexPolytope(n, d, p.boundingRadius());
    }

    public int size() {
        return offsets.length;
    }

    public Vec3 normal(int k) {
        return normals.get(k);
    }

    public double offset(int k) {
        return offsets[k];
    }

    public double boundingRadius() {
        return boundingRadius;
    }

    /** Whether {@code x} lies inside or on the surface (within {@code tolerance} nm). */
    public boolean contains(Vec3 x, double tolerance) {
        for (int k = 0; k < offsets.length; k++) {
            if (normals.get(k).dot(x) > offsets[k] + tolerance) {
                return false;
            }
        }
        return true;
    }
}
