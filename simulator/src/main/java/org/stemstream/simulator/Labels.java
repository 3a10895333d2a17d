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
}
