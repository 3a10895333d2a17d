package org.stemstream.simulator.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.scenario.CuboidScenario;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;

class DoseEstimateTest {
    /** 3 nm of carbon at (6 / 79)^1.7 per nm: 0.0375 nm of gold, 0.375 counts per pixel at dose 10. */
    private static final double FILM = 0.0375;

    @Test
    void theFilmsCountsInTheBorderOverItsGoldEquivalentGiveTheDose() {
        double[] counts = new double[64 * 64];
        Arrays.fill(counts, 0.75);
        assertThat(DoseEstimate.of(counts, 64, 0.25, FILM, 8)).isCloseTo(20, within(1e-9));
        float[] wide = new float[96 * 40];
        Arrays.fill(wide, 0.375f);
        assertThat(DoseEstimate.of(wide, 96, 40, 0.25, FILM)).as("a frame wider than high").isCloseTo(10, within(1e-6));
    }

    @Test
    void aParticleAcrossOneSideOfTheBorderDoesNotMoveTheEstimate() {
        // film of 0.75 counts (dose 20), and a block of 100 counts over the right side's ring
        float[] counts = new float[64 * 64];
        Arrays.fill(counts, 0.75f);
        for (int y = 20; y < 44; y++) {
            Arrays.fill(counts, y * 64 + 50, y * 64 + 64, 100f);
        }
        assertThat(DoseEstimate.of(counts, 64, 64, 0.25, FILM)).isCloseTo(20, within(1e-6));
    }

    @Test
    void withoutAFilmTheBrightestCountsOverTheSilhouettesSideGiveIt() {
        // a 40 x 40 px square of 100 counts at 0.25 nm: 10 nm wide, so 100 counts / 10 nm
        double[] square = new double[64 * 64];
        for (int j = 10; j < 50; j++) {
            Arrays.fill(square, j * 64 + 10, j * 64 + 50, 100);
        }
        assertThat(DoseEstimate.of(square, 64, 0.25, 0, 8)).isCloseTo(10, within(1e-9));
        assertThat(DoseEstimate.of(square, 64, 0.25, FILM, 8)).as("a film stated, but no counts in the border").isCloseTo(10, within(1e-9));
        assertThatThrownBy(() -> DoseEstimate.of(new float[16], 4, 4, 0.25, FILM)).hasMessageContaining("no pixel above 0");
        assertThatThrownBy(() -> DoseEstimate.of(new float[15], 4, 4, 0.25, FILM)).hasMessageContaining("15 counts for a 4 x 4 frame");
    }

    @Test
    void readsSeedBenchmarksImagesAtAnyDoseWithinAFewPerCent() {
        for (double dose : new double[] {10, 40}) {
            for (int i = 0; i < 5; i++) {
                SimulationSpec spec = CuboidScenario.seedBenchmark().sample(36_000 + i);
                spec = spec.withImaging(Imaging.of(spec.imaging().probeSigmaNm(), dose, spec.imaging().carbon()));
                float[] counts = Simulator.render(spec).image().pixels();
                // the two middle sides hold about 1,900 pixels of 0.0375 x dose counts: a relative error of
                // 1 / sqrt(71 x dose) from Poisson noise alone, 3.7 % at dose 10 and 1.9 % at 40; within 4 of those
                double estimate = DoseEstimate.of(counts, 128, 128, 0.25, spec.imaging().carbon().goldEquivalentNm());
                assertThat(estimate).as("dose %s, seed %d", dose, 36_000 + i).isCloseTo(dose, within(dose * 4 / Math.sqrt(71 * dose)));
            }
        }
    }
}
