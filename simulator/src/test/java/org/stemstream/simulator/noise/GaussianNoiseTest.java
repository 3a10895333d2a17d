package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void momentsAndTailsAreThoseOfAStandardNormal() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 1_000_000;
        double s1 = 0;
        double s2 = 0;
        double s4 = 0;
        int beyond2 = 0;
        int beyond35 = 0;
        for (int i = 0; i < n; i++) {
            double x = GaussianNoise.next(rnd);
            s1 += x;
            s2 += x * x;
            s4 += x * x * x * x;
            beyond2 += Math.abs(x) > 2 ? 1 : 0;
            beyond35 += Math.abs(x) > 3.5 ? 1 : 0;
        }
        assertThat(s1 / n).isCloseTo(0, within(0.005));
        assertThat(s2 / n).isCloseTo(1, within(0.005));
        assertThat(s4 / n).isCloseTo(3, within(0.05));
        assertThat(beyond2 / (double) n).isCloseTo(0.0455, within(0.001));     // 2 (1 - Phi(2))
        assertThat(beyond35 / (double) n).isCloseTo(4.65e-4, within(0.7e-4));  // beyond the ziggurat's base
    }

    @Test
    void sameStreamSameValues() {
        float[] a = new float[100];
        float[] b = new float[100];
        GaussianNoise.fill(a, new SplittableRandom(1));
        GaussianNoise.fill(b, new SplittableRandom(1));
        assertThat(a).containsExactly(b);
    }
}
