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
}
