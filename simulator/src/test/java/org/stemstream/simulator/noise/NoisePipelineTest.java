package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stemstream.simulator.CarbonFilm;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.NoiseStep;
import org.stemstream.simulator.NoisyImage;

class NoisePipelineTest {

    private static final Image EMPTY = Image.wrap(64, 64, new float[64 * 64]);

    @Test
    void recordsEveryAppliedStepInOrderWithItsParameters() {
        Imaging all = new Imaging(0.2, 10, new CarbonFilm(3, 0.15, 0.5), 1.5, 0.3);
        NoisyImage out = NoisePipeline.apply(EMPTY, all, 0.25, 1);
        assertThat(out.steps()).extracting(NoiseStep::name)
                .containsExactly("carbon-film", "probe-blur", "scan-jitter", "shot-noise", "read-noise");
        assertThat(out.steps().get(1).parameters()).containsEntry("sigmaNm", 0.2).containsEntry("sigmaPx", 0.8);
        assertThat(out.steps().get(3).parameters()).containsEntry("dose", 10.0);
    }

    @Test
    void carbonBackgroundGivesItsExpectedCounts() {
        // 3 nm of carbon at dose 1000: 1000 x 3 x (6/79)^1.7 = 37.5 counts per pixel
        Imaging imaging = Imaging.of(0, 1000, new CarbonFilm(3, 0.15, 0.5));
        NoisyImage out = NoisePipeline.apply(EMPTY, imaging, 0.25, 2);
        assertThat(out.image().sum() / (64 * 64)).isCloseTo(1000 * 3 * Math.pow(6 / 79.0, 1.7), within(1.0));
    }

    /**
     * The probe blurs the film too. The film's fluctuation is white noise filtered by a Gaussian
     * of the correlation length l; a probe of sigma s filters it again, a Gaussian of
     * sqrt(l^2 + s^2): in 2D the variance falls by l^2 / (l^2 + s^2), so its rms by
     * sqrt(0.25 / 0.3125) = 0.894 at l = 0.5 nm, s = 0.25 nm. At a dose of 1e9 the shot noise
     * (relative 1e-4 of the film's 15 %) does not matter.
     */
    @Test
    void theProbeBlursTheCarbonFilmToo() {
        Image none = Image.wrap(256, 256, new float[256 * 256]);
        CarbonFilm film = new CarbonFilm(3, 0.15, 0.5);
        double sharp = relativeRms(NoisePipeline.apply(none, Imaging.of(0, 1e9, film), 0.25, 4).image());
        double blurred = relativeRms(NoisePipeline.apply(none, Imaging.of(0.25, 1e9, film), 0.25, 4).image());
        assertThat(sharp).isCloseTo(0.15, within(0.01));
        assertThat(blurred / sharp).isCloseTo(Math.sqrt(0.25 / 0.3125), within(0.02));
    }

    private static double relativeRms(Image image) {
        float[] p = image.pixels();
        double mean = image.sum() / p.length;
        double var = 0;
        for (float v : p) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / p.length) / mean;
    }

    @Test
    void turningOnReadNoiseLeavesTheShotNoiseAlone() {
        Imaging base = Imaging.of(0.2, 10, new CarbonFilm(3, 0.15, 0.5));
        Image a = NoisePipeline.apply(EMPTY, base, 0.25, 3).image();
        Image b = NoisePipeline.apply(EMPTY, base.withReadNoise(0.5), 0.25, 3).image();
        int close = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                close += Math.abs(a.get(x, y) - b.get(x, y)) < 2.5 ? 1 : 0; // 5 sigma of read noise
            }
        }
        assertThat(close).isEqualTo(64 * 64);
        assertThat(b).isNotEqualTo(a);
    }
}
