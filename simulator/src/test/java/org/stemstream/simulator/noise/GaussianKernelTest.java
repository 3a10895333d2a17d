package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianKernelTest {

    @Test
    void weightsSumToOneAndHaveTheRightVariance() {
        float[] w = GaussianKernel.weights(2);
        assertThat(w).hasSize(17); // radius ceil(4 x 2) = 8
        double sum = 0;
        double var = 0;
        for (int t = 0; t < w.length; t++) {
            sum += w[t];
            var += w[t] * (t - 8) * (t - 8);
        }
        assertThat(sum).isCloseTo(1, within(1e-6));
        assertThat(var).isCloseTo(4, within(0.01));
        // continuous limit of sum w^2: 1 / (2 sqrt(pi) sigma)
        assertThat(GaussianKernel.sumOfSquares(w)).isCloseTo(1 / (2 * Math.sqrt(Math.PI) * 2), within(1e-4));
    }

    @Test
    void zeroSigmaIsTheIdentity() {
        assertThat(GaussianKernel.weights(0)).containsExactly(1f);
        assertThat(GaussianKernel.radius(0.3)).isEqualTo(2);
    }
}
