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
    private static java.util.List<Integer> inside(Quaternion orientation) {
        boolean[] in = Labels.insideOutline(Labels.projectedCorners(TestSpecs.of(Cuboid.cube(10), orientation)).orElseThrow());
        return java.util.stream.IntStream.range(0, in.length).filter(i -> in[i]).boxed().toList();
    }

    @Test
    void seenAlongABodyDiagonalTheNearAndFarCornersLieInsideTheHexagon() {
        // turning (1, 1, 1) onto the beam: corners 7 (+, +, +) and 0 (-, -, -) both project onto the centre
        Quaternion diagonal = Quaternion.fromAxisAngle(new Vec3(1, -1, 0), Math.acos(1 / Math.sqrt(3)));
        assertThat(inside(diagonal)).containsExactly(0, 7);
    }

    @Test
    void seenAlongAFaceOrAnEdgeEveryCornerLiesOnTheOutline() {
        assertThat(inside(Quaternion.identity())).isEmpty(); // a square, each corner on one of its own
        // an eighth turn about x: a rectangle of 20 x 28.3 pixels with four corners halfway along its long sides
        assertThat(inside(Quaternion.fromAxisAngle(new Vec3(1, 0, 0), Math.PI / 4))).isEmpty();
    }

    @Test
    void inAnyOtherDirectionExactlyTheNearestAndFarthestCornersLieInside() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        Cuboid box = new Cuboid(8, 11, 14, new double[Cuboid.CORNERS]);
        for (int trial = 0; trial < 200; trial++) {
            Quaternion q = Quaternion.random(rnd);
            int near = 0;
            int far = 0;
            for (int c = 1; c < Cuboid.CORNERS; c++) {
                near = q.rotate(box.corner(c)).z() > q.rotate(box.corner(near)).z() ? c : near;
                far = q.rotate(box.corner(c)).z() < q.rotate(box.corner(far)).z() ? c : far;
            }
            boolean[] in = Labels.insideOutline(Labels.projectedCorners(TestSpecs.of(box, q)).orElseThrow());
            java.util.List<Integer> expected = java.util.stream.Stream.of(near, far).sorted().toList();
            assertThat(java.util.stream.IntStream.range(0, 8).filter(i -> in[i]).boxed().toList()).as("trial %d", trial)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aPointOnAnEdgeOfTheHullIsNotInsideIt() {
        // the square (0, 0)-(4, 4), its centre, the middle of its top edge, and a point 0.01 below that
        double[] uv = {0, 0, 4, 0, 4, 4, 0, 4, 2, 2, 2, 4, 2, 3.99};
        assertThat(Labels.insideOutline(uv)).containsExactly(false, false, false, false, true, false, true);
        assertThat(Labels.insideOutline(new double[] {0, 0, 1, 1, 2, 2})).containsExactly(false, false, false); // on a line
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Labels.insideOutline(new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values");
    }
}
