package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    @Test
    void projectedCornersOfAnUnrotatedCubeSitOnItsSquareOutline() {
        // edge 10 nm at 0.25 nm per pixel: corners at 64 -+ 20 pixels, z does not show
        double[] uv = Labels.projectedCorners(TestSpecs.of(cut(3))).orElseThrow();
        assertThat(uv[0]).isCloseTo(44, within(1e-9)); // corner 0 (-, -, -)
        assertThat(uv[1]).isCloseTo(44, within(1e-9));
        assertThat(uv[2 * 3]).isCloseTo(84, within(1e-9)); // corner 3 (+, +, -)
        assertThat(uv[2 * 3 + 1]).isCloseTo(84, within(1e-9));
        assertThat(uv[2 * 7]).isEqualTo(uv[2 * 3]); // corner 7 lies behind corner 3
        assertThat(uv[2 * 7 + 1]).isEqualTo(uv[2 * 3 + 1]);
    }

    @Test
    void projectedCornersFollowTheOrientationAndTheOffset() {
        // a quarter turn about the beam takes body (+5, -5) to lab (+5, +5); offsets shift by offset / pixel size
        Quaternion quarter = Quaternion.fromAxisAngle(new Vec3(0, 0, 1), Math.PI / 2);
        SimulationSpec spec = new SimulationSpec(1, cut(), quarter, null, 128, 96, 0.25, 1.0, -0.5, 79, TestSpecs.IMAGING);
        double[] uv = Labels.projectedCorners(spec).orElseThrow();
        assertThat(uv[2]).isCloseTo(64 + 20 + 4, within(1e-9)); // corner 1 (+, -, -): x = +5 nm, + 1 nm offset
        assertThat(uv[3]).isCloseTo(48 + 20 - 2, within(1e-9)); // y = +5 nm, - 0.5 nm offset
        // rotation keeps the distance from the centre: a 45-degree turn puts corner 1 on the x axis
        Quaternion eighth = Quaternion.fromAxisAngle(new Vec3(0, 0, 1), Math.PI / 4);
        double[] diag = Labels.projectedCorners(TestSpecs.of(cut(), eighth)).orElseThrow();
        assertThat(diag[2]).isCloseTo(64 + 20 * Math.sqrt(2), within(1e-9));
        assertThat(diag[3]).isCloseTo(64, within(1e-9));
    }

    @Test
    void onlyCuboidsHaveProjectedCorners() {
        assertThat(Labels.projectedCorners(TestSpecs.of(new Sphere(3)))).isEmpty();
    }
}
