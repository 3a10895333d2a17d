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
                .containsExactly("probe-blur", "carbon-film", "scan-jitter", "shot-noise", "read-noise");
        assertThat(out.steps().get(0).parameters()).containsEntry("sigmaNm", 0.2).containsEntry("sigmaPx", 0.8);
        assertThat(out.steps().get(3).parameters()).containsEntry("dose", 10.0);
    }

    @Test
    void carbonBackgroundGivesItsExpectedCounts() {
        // 3 nm of carbon at dose 1000: 1000 x 3 x (6/79)^1.7 = 37.5 counts per pixel
        Imaging imaging = Imaging.of(0, 1000, new CarbonFilm(3, 0.15, 0.5));
        NoisyImage out = NoisePipeline.apply(EMPTY, imaging, 0.25, 2);
        assertThat(out.image().sum() / (64 * 64)).isCloseTo(1000 * 3 * CarbonFilmModel.CONTRAST, within(1.0));
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
