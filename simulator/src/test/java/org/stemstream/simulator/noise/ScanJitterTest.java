package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScanJitterTest {

    @Test
    void rowsMoveAsAWholeByTheirOwnShift() {
        int w = 64;
        int h = 400;
        float[] ramp = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ramp[y * w + x] = x;
            }
        }
        float[] out = ScanJitter.apply(ramp, w, h, 1.5, new SplittableRandom(1));
        double sumSq = 0;
        for (int y = 0; y < h; y++) {
            double shift = out[y * w + 32] - 32;              // a ramp turns the shift into a value
            assertThat((double) out[y * w + 20] - 20).isCloseTo(shift, within(1e-4));
            sumSq += shift * shift;
        }
        assertThat(Math.sqrt(sumSq / h)).isCloseTo(1.5, within(0.15));
        assertThat(ramp[5]).isEqualTo(5f);
    }
}
