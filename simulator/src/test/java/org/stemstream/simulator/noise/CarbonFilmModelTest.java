package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.CarbonFilm;

class CarbonFilmModelTest {

    @Test
    void thicknessHasTheRequestedMeanAndRms() {
        CarbonFilm film = new CarbonFilm(3, 0.15, 0.5);
        int w = 512;
        float[] t = CarbonFilmModel.thickness(film, w, w, 0.25, new SplittableRandom(1));
        double s1 = 0;
        double s2 = 0;
        for (float v : t) {
            s1 += v;
            s2 += v * v;
        }
        double mean = s1 / t.length;
        double rms = Math.sqrt(s2 / t.length - mean * mean);
        // the mean of g over A pixels has variance 4 pi sigma^2 / A: standard error 0.0062 nm here
        assertThat(mean).isCloseTo(3.0, within(0.025));
        assertThat(rms).isCloseTo(0.45, within(0.02));   // 15 % of 3 nm
    }

    @Test
    void fieldCorrelationFollowsTheGaussianKernel() {
        double sigma = 2; // 0.5 nm at 0.25 nm per pixel
        int w = 512;
        float[] g = CarbonFilmModel.field(w, w, sigma, new SplittableRandom(2));
        double var = 0;
        double lag1 = 0;
        double lag4 = 0;
        for (int y = 0; y < w; y++) {
            for (int x = 0; x + 4 < w; x++) {
                double v = g[y * w + x];
                var += v * v;
                lag1 += v * g[y * w + x + 1];
                lag4 += v * g[y * w + x + 4];
            }
        }
        assertThat(var / (w * (w - 4))).isCloseTo(1, within(0.05));
        // autocorrelation of Gaussian-filtered white noise: exp(-d^2 / (4 sigma^2))
        assertThat(lag1 / var).isCloseTo(Math.exp(-1 / 16.0), within(0.01));
        assertThat(lag4 / var).isCloseTo(Math.exp(-1.0), within(0.03));
    }

    @Test
    void filmAddsCarbonContrastTimesThickness() {
        float[] image = new float[32 * 32];
        CarbonFilmModel.addTo(image, 32, 32, new CarbonFilm(3, 0, 0.5), 0.25, new SplittableRandom(3));
        for (float v : image) {
            assertThat((double) v).isCloseTo(3 * Math.pow(6 / 79.0, 1.7), within(1e-6));
        }
    }

    @Test
    void thicknessIsClippedAtZero() {
        float[] t = CarbonFilmModel.thickness(new CarbonFilm(1, 2, 0), 64, 64, 0.25, new SplittableRandom(4));
        float min = Float.MAX_VALUE;
        int zeros = 0;
        for (float v : t) {
            min = Math.min(min, v);
            zeros += v == 0 ? 1 : 0;
        }
        assertThat(min).isZero();
        assertThat(zeros).isBetween(1000, 1600); // P(1 + 2 g < 0) = P(g < -0.5) = 0.31 of 4096
    }
}
