package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoissonSamplerTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.5, 0.95, 3, 9.99, 10, 200, 5000})
    void meanAndVarianceEqualTheMean(double mean) {
        SplittableRandom rnd = new SplittableRandom(Double.doubleToLongBits(mean));
        int n = 200_000;
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            long k = PoissonSampler.sample(mean, rnd);
            assertThat(k).isNotNegative();
            s1 += k;
            s2 += (double) k * k;
        }
        double m = s1 / n;
        double var = s2 / n - m * m;
        // standard errors: mean sqrt(mean / n); sample variance sqrt((mean + 2 mean^2) / n)
        assertThat(m).isCloseTo(mean, within(5 * Math.sqrt(mean / n)));
        assertThat(var).isCloseTo(mean, within(5 * Math.sqrt((mean + 2 * mean * mean) / n)));
    }

    @Test
    void lowMeanProbabilitiesMatchTheMassFunction() {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 400_000;
        int[] hist = new int[4];
        for (int i = 0; i < n; i++) {
            long k = PoissonSampler.sample(0.5, rnd);
            if (k < 4) {
                hist[(int) k]++;
            }
        }
        double p0 = Math.exp(-0.5);
        assertThat(hist[0] / (double) n).isCloseTo(p0, within(0.003));             // 0.6065
        assertThat(hist[1] / (double) n).isCloseTo(p0 * 0.5, within(0.003));       // 0.3033
        assertThat(hist[2] / (double) n).isCloseTo(p0 * 0.125, within(0.002));     // 0.0758
    }

    @Test
    void highMeanMassAtTheMode() {
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 400_000;
        int at200 = 0;
        for (int i = 0; i < n; i++) {
            at200 += PoissonSampler.sample(200, rnd) == 200 ? 1 : 0;
        }
        double p200 = Math.exp(200 * Math.log(200) - 200 - PoissonSampler.logGamma(201));
        assertThat(p200).isCloseTo(0.02819, within(0.0001));
        assertThat(at200 / (double) n).isCloseTo(p200, within(0.0015));
    }

    @Test
    void zeroOrNegativeMeanGivesZero() {
        assertThat(PoissonSampler.sample(0, new SplittableRandom(1))).isZero();
        assertThat(PoissonSampler.sample(-2, new SplittableRandom(1))).isZero();
    }

    @Test
    void helpersAreAccurate() {
        assertThat(PoissonSampler.logGamma(1)).isZero();
        assertThat(PoissonSampler.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(PoissonSampler.logGamma(11)).isCloseTo(Math.log(3628800), within(1e-11));
    }
}
