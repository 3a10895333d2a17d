package org.stemstream.simulator.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.TestSpecs;
import org.stemstream.simulator.Vec3;

class ProjectorTest {

    @Test
    void contrastIsRelativeToGold() {
        assertThat(Projector.contrast(79)).isEqualTo(1.0);
        assertThat(Projector.contrast(6)).isCloseTo(0.0125, within(0.0001));
    }

    @Test
    void supersamplingAveragesRaysAcrossAnEdgeInsideAPixel() {
        // a 10.125 nm cube: its faces at +-5.0625 nm cut pixels 43 and 84 at a quarter of their width
        SimulationSpec spec = TestSpecs.of(Cuboid.cube(10.125));
        Image s1 = Projector.project(spec, 1);
        Image s4 = Projector.project(spec, 4);
        assertThat(s1.get(84, 64)).isZero();                                   // centre 5.125 nm: outside
        assertThat((double) s4.get(84, 64)).isCloseTo(10.125 / 4, within(1e-5)); // 1 of 4 ray columns inside
        assertThat((double) s4.get(43, 64)).isCloseTo(10.125 / 4, within(1e-5));
    }

    @Test
    void quarterTurnAboutTheBeamSwapsTheEdges() {
        SimulationSpec spec = TestSpecs.of(Cuboid.of(6, 12, 8));
        Image turned = Projector.project(spec.withOrientation(Quaternion.fromAxisAngle(Vec3.Z, Math.PI / 2)), 1);
        // after the turn the 12 nm edge lies along x: (64 + 22) is 5.6 nm out, inside; 3.9 nm along y is outside
        assertThat((double) turned.get(86, 64)).isCloseTo(8, within(1e-5));
        assertThat(turned.get(64, 79)).isZero();
    }
}
