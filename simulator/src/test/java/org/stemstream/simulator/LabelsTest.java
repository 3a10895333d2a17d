package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {

    private static Cuboid cut(int... corners) {
        Cuboid c = Cuboid.cube(10);
        for (int corner : corners) {
            c = c.withCut(corner, 0.25);
        }
        return c;
    }

    @Test
    void countsAndListsTheCutCorners() {
        assertThat(Labels.deformedCount(cut())).isZero();
        assertThat(Labels.deformedCorners(cut(6, 1, 3))).containsExactly(1, 3, 6);
        assertThat(Labels.deformedCount(cut(0, 1, 2, 3, 4, 5, 6, 7))).isEqualTo(8);
        assertThat(Labels.deformedCount(new Sphere(3))).isZero();
        assertThat(Labels.deformedCorners(Pyramid.regularTetrahedron(5))).isEmpty();
    }

    @Test
    void arrangementOnlyForExactlyTwoCorners() {
        assertThat(Labels.arrangement(cut(0, 1))).contains(Arrangement.EDGE);
        assertThat(Labels.arrangement(cut(1, 2))).contains(Arrangement.FACE_DIAGONAL);
        assertThat(Labels.arrangement(cut(2, 5))).contains(Arrangement.BODY_DIAGONAL);
        assertThat(Labels.arrangement(cut(0))).isEmpty();
        assertThat(Labels.arrangement(cut(0, 1, 2))).isEmpty();
    }
}
