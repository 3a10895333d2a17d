package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void nextHasTheMomentsAndTailsOfAStandardNormal() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] values = new double[1_000_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = GaussianNoise.next(rnd);
        }
        assertStandardNormal(values);
    }

    @Test
    void fillHasTheMomentsAndTailsOfAStandardNormal() {
        float[] out = new float[1_000_001]; // odd: the last value uses half a draw
        GaussianNoise.fill(out, new SplittableRandom(4));
        double[] values = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            values[i] = out[i];
        }
        assertStandardNormal(values);
        assertThat(out[out.length - 1]).isNotZero();
    }

    private static void assertStandardNormal(double[] values) {
        int n = values.length;
        double s1 = 0;
        double s2 = 0;
        double s4 = 0;
        int beyond2 = 0;
        int beyond35 = 0;
        int between = 0;
        for (double x : values) {
            s1 += x;
            s2 += x * x;
            s4 += x * x * x * x;
            beyond2 += Math.abs(x) > 2 ? 1 : 0;
            beyond35 += Math.abs(x) > 3.5 ? 1 : 0;
            between += Math.abs(x) > 1 && Math.abs(x) < 1.5 ? 1 : 0;
        }
        assertThat(s1 / n).isCloseTo(0, within(0.005));
        assertThat(s2 / n).isCloseTo(1, within(0.005));
        assertThat(s4 / n).isCloseTo(3, within(0.05));
        assertThat(beyond2 / (double) n).isCloseTo(0.0455, within(0.001));     // 2 (1 - Phi(2))
        assertThat(beyond35 / (double) n).isCloseTo(4.65e-4, within(1e-4));    // beyond the ziggurat's base
        assertThat(between / (double) n).isCloseTo(0.18370, within(0.002));    // 2 (Phi(1.5) - Phi(1))
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
