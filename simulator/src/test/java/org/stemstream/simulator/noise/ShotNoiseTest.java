package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShotNoiseTest {

    @Test
    void countsAverageToDoseTimesIntensity() {
        float[] intensity = new float[100_000];
        Arrays.fill(intensity, 2.5f);
        float[] counts = ShotNoise.apply(intensity, 8, new SplittableRandom(1));
        double sum = 0;
        for (float c : counts) {
            assertThat(c).isEqualTo((float) Math.rint(c));
            sum += c;
        }
        assertThat(sum / counts.length).isCloseTo(20, within(0.1));
        assertThat(intensity[0]).isEqualTo(2.5f);
    }
}
