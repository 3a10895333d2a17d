package org.stemstream.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Ground-truth labels derived from a particle: deformation count, which corners, arrangement. */
public final class Labels {

    private Labels() {
    }

    /** The number of cut corners (0 for shapes without corners to cut). */
    public static int deformedCount(Particle p) {
        return deformedCorners(p).size();
    }

    /** The cut corners' numbers in ascending order (numbering: {@link Cuboid}). */
    public static List<Integer> deformedCorners(Particle p) {
        List<Integer> corners = new ArrayList<>();
        if (p instanceof Cuboid c) {
            for (int i = 0; i < Cuboid.CORNERS; i++) {
                if (c.cutDepth(i) > 0) {
                    corners.add(i);
                }
            }
        }
        return List.copyOf(corners);
    }

    /** The arrangement of the two cut corners when exactly two are cut, else empty. */
    public static Optional<Arrangement> arrangement(Particle p) {
        List<Integer> corners = deformedCorners(p);
        return corners.size() == 2 ? Optional.of(Arrangement.of(corners.get(0), corners.get(1))) : Optional.empty();
    }

    /**
     * Where the cuboid's eight corners (before any cut) fall in the image: {@code [2i]} and
     * {@code [2i + 1]} are corner i's column and row in pixel units, with pixel (i, j) covering
     * [i, i + 1) x [j, j + 1), so its centre is at (i + 0.5, j + 0.5). Follows the projector: a
     * corner at lab (X, Y) (body to lab by the orientation; the beam runs along z) lands at
     * (W / 2 + (X + offsetX) / pixel size, H / 2 + (Y + offsetY) / pixel size). Empty for
     * particles other than cuboids and for rotation during the scan (no single orientation).
     */
    public static Optional<double[]> projectedCorners(SimulationSpec spec) {
        if (!(spec.particle() instanceof Cuboid c) || spec.scanRotation() != null) {
            return Optional.empty();
        }
        double[] uv = new double[2 * Cuboid.CORNERS];
        for (int i = 0; i < Cuboid.CORNERS; i++) {
            Vec3 lab = spec.orientation().rotate(c.corner(i));
            uv[2 * i] = spec.width() / 2.0 + (lab.x() + spec.offsetXNm()) / spec.pixelSizeNm();
            uv[2 * i + 1] = spec.height() / 2.0 + (lab.y() + spec.offsetYNm()) / spec.pixelSizeNm();
        }
        return Optional.of(uv);
    }
    /**
     * Which of the points {@code uv} ({@code [2i]}, {@code [2i + 1]}: point i's column and row, as
     * {@link #projectedCorners} gives them) lie strictly inside their convex hull: for a cuboid's
     * corners, those hidden inside the particle's outline, where a cut shows only as a thickness
     * deficit, not as a notch in the silhouette. Seen in a general direction, a cuboid's outline
     * is a hexagon through six corners and the other two, nearest and farthest from the viewer,
     * project inside it; seen along a face or an edge, every corner lies on the outline. A point
     * on an edge of the hull, or within {@value #OUTLINE_TOLERANCE} pixels of one, counts as on it.
     */
    public static boolean[] insideOutline(double[] uv) {
        if (uv.length % 2 != 0) {
            throw new IllegalArgumentException("uv holds (column, row) pairs, got " + uv.length + " values");
        }
        int n = uv.length / 2;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> uv[2 * a] != uv[2 * b] ? Double.compare(uv[2 * a], uv[2 * b])
                : Double.compare(uv[2 * a + 1], uv[2 * b + 1]));
        // Andrew's monotone chain, counter-clockwise, collinear and repeated points dropped
        int[] hull = new int[2 * n];
        int h = 0;
        for (int j = 0; j < n; j++) {
            while (h >= 2 && cross(uv, hull[h - 2], hull[h - 1], order[j]) <= 0) {
                h--;
            }
            hull[h++] = order[j];
        }
        for (int j = n - 2, lower = h + 1; j >= 0; j--) {
            while (h >= lower && cross(uv, hull[h - 2], hull[h - 1], order[j]) <= 0) {
                h--;
            }
            hull[h++] = order[j];
        }
        h--; // the upper chain ends where the lower one began
        boolean[] inside = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean in = h >= 3;
            for (int e = 0; e < h && in; e++) {
                int a = hull[e];
                int b = hull[(e + 1) % h];
                double length = Math.hypot(uv[2 * b] - uv[2 * a], uv[2 * b + 1] - uv[2 * a + 1]);
                in = cross(uv, a, b, i) > OUTLINE_TOLERANCE * length;
            }
            inside[i] = in;
        }
        return inside;
    }

    /** How far inside the outline, in pixels, a corner must lie to count as inside it. */
    public static final double OUTLINE_TOLERANCE = 1e-3;

    /** (b - a) x (p - a): positive when p lies left of a -> b. */
    private static double cross(double[] uv, int a, int b, int p) {
        return (uv[2 * b] - uv[2 * a]) * (uv[2 * p + 1] - uv[2 * a + 1]) - (uv[2 * b + 1] - uv[2 * a + 1]) * (uv[2 * p] - uv[2 * a]);
    }
}
