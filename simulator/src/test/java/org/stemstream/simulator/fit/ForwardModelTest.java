package org.stemstream.simulator.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

class ForwardModelTest {

    @Test
    void theExpectedCountsSumToTheDoseTimesTheVolumeInPixelsPlusTheFilm() {
        // a 10 x 8 x 6 nm box with one corner cut at f = 0.3 (L = 1.8 nm, volume 1.8^3 / 6 less)
        ForwardModel model = new ForwardModel(128, 0.25, 10, 0.0375, 3);
        double[] p = new double[ForwardModel.PARAMETERS];
        p[ForwardModel.A] = 10;
        p[ForwardModel.B] = 8;
        p[ForwardModel.C] = 6;
        p[ForwardModel.SIGMA] = 0.2;
        p[ForwardModel.CUT + 5] = 0.3;
        double volume = 10 * 8 * 6 - Math.pow(1.8, 3) / 6;
        Quaternion q = Quaternion.fromAxisAngle(new Vec3(1, 2, 3), 0.7);
        double[] mu = model.expected(p, q, new double[model.pixels()]);
        double sum = 0;
        for (double m : mu) {
            sum += m;
        }
        // per pixel: dose x (mean thickness + film); the box lies far from the edges, so the blur keeps the sum
        assertThat(sum).isCloseTo(10 * (volume / (0.25 * 0.25) + 0.0375 * 128 * 128), within(1e-3 * sum));
    }

    @Test
    void theDevianceIsTheSumOfThePoissonTermsAndZeroAtTheExpectation() {
        // one pixel: n = 4 against mu = 2 gives 2 (2 - 4 + 4 ln 2) = 1.5452; n = 0 against mu = 3 gives 2 x 3
        assertThat(ForwardModel.deviance(new double[] {4, 0}, new double[] {2, 3})).isCloseTo(2 * (2 - 4 + 4 * Math.log(2)) + 6, within(1e-12));
        assertThat(ForwardModel.deviance(new double[] {7, 0.5}, new double[] {7, 0.5})).isCloseTo(0, within(1e-12));
    }

    @Test
    void binningSumsBlocksAndTheBinnedModelCollectsTheirCounts() {
        double[] counts = new double[16];
        for (int i = 0; i < 16; i++) {
            counts[i] = i;
        }
        // 4 x 4 -> 2 x 2: the top-left block is 0 + 1 + 4 + 5
        assertThat(ForwardModel.bin(counts, 4, 2)).containsExactly(10, 18, 42, 50);
        ForwardModel full = new ForwardModel(64, 0.25, 10, 0.0375, 2);
        ForwardModel binned = full.binned(4, 2);
        assertThat(binned.size()).isEqualTo(16);
        assertThat(binned.pixelSizeNm()).isEqualTo(1.0);
        assertThat(binned.dose()).isEqualTo(160);
    }
}
