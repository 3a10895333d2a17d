package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Image;

class GaussianBlurTest {

    @Test
    void blurPreservesTotalIntensityAndSpreadsADeltaBySigma() {
        int w = 64;
        float[] px = new float[w * w];
        px[32 * w + 32] = 1000;
        px[10 * w + 50] = 250;
        Image blurred = GaussianBlur.blur(Image.wrap(w, w, px), 1.5);
        assertThat(blurred.sum()).isCloseTo(1250, within(1250 * 1e-5));
        double var = 0;
        double mass = 0;
        for (int x = 20; x < 45; x++) {
            double v = blurred.get(x, 32);
            mass += v;
            var += v * (x - 32) * (x - 32);
        }
        assertThat(var / mass).isCloseTo(1.5 * 1.5, within(0.01));
        assertThat(blurred.get(32, 32)).isLessThan(1000f * 0.08f); // peak 1 / (2 pi sigma^2) = 0.0707
    }

    @Test
    void blurLeavesAConstantImageAndItsInputUnchanged() {
        float[] px = new float[20 * 16];
        java.util.Arrays.fill(px, 3f);
        float[] copy = px.clone();
        float[] out = GaussianBlur.blur(px, 20, 16, 0.8);
        assertThat(px).containsExactly(copy);
        for (float v : out) {
            assertThat((double) v).isCloseTo(3, within(1e-5));
        }
    }
}
