package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReadNoiseTest {

    @Test
    void addsZeroMeanNoiseOfTheGivenSigma() {
        float[] counts = new float[100_000];
        ReadNoise.addTo(counts, 3, new SplittableRandom(1));
        double s1 = 0;
        double s2 = 0;
        for (float c : counts) {
            s1 += c;
            s2 += c * c;
        }
        assertThat(s1 / counts.length).isCloseTo(0, within(0.05));
        assertThat(Math.sqrt(s2 / counts.length)).isCloseTo(3, within(0.05));
    }
}
