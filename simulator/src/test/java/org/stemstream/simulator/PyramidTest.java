package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PyramidTest {

    @Test
    void regularTetrahedronHasEqualEdgesAndTheTextbookVolume() {
        double e = 12;
        Pyramid p = Pyramid.regularTetrahedron(e);
        var v = p.vertices();
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                assertThat(v.get(i).minus(v.get(j)).norm()).isCloseTo(e, within(1e-9));
            }
        }
        assertThat(p.volume()).isCloseTo(e * e * e / (6 * Math.sqrt(2)), within(1e-9));
        assertThat(p.boundingRadius()).isCloseTo(e * Math.sqrt(6) / 4, within(1e-9));
    }

    @Test
    void rightPyramidVolumeIsBaseAreaTimesHeightOverThree() {
        Pyramid p = Pyramid.of(10, 7);
        double base = Math.sqrt(3) / 4 * 100;
        assertThat(p.volume()).isCloseTo(base * 7 / 3, within(1e-9));
        Vec3 centroid = p.b0().plus(p.b1()).plus(p.b2()).plus(p.apex()).scale(0.25);
        assertThat(centroid.norm()).isLessThan(1e-12);
        assertThat(p.shape()).isEqualTo("pyramid");
    }
}
