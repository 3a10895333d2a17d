package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SphereTest {

    @Test
    void volumeAndBoundingRadius() {
        Sphere s = new Sphere(3);
        assertThat(s.volume()).isCloseTo(36 * Math.PI, within(1e-12));
        assertThat(s.boundingRadius()).isEqualTo(3.0);
        assertThat(s.shape()).isEqualTo("sphere");
    }
}
