package org.stemstream.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Sphere;

class MixedShapesTest {

    @Test
    void drawsTheThreeShapesEvenlyWithinTheirRanges() {
        Map<String, Integer> counts = new HashMap<>();
        MixedShapes s = new MixedShapes();
        for (long seed = 0; seed < 3000; seed++) {
            Particle p = s.sample(seed).particle();
            counts.merge(p.shape(), 1, Integer::sum);
            if (p instanceof Sphere sphere) {
                assertThat(sphere.radius()).isBetween(4.0, 7.0);
            } else if (p instanceof Pyramid pyramid) {
                double edge = pyramid.b0().minus(pyramid.b1()).norm();
                assertThat(edge).isBetween(10.0, 16.0);
            }
        }
        assertThat(counts).containsOnlyKeys("cuboid", "pyramid", "sphere");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(900, 1100));
    }
}
