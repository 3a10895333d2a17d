package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stemstream.consumers.cnn.AcquisitionAdapter.Frame;

class AcquisitionAdapterTest {
    private static final ModelMetadata.Acquisition MODEL = new ModelMetadata.Acquisition(0.25, 10);

    @Test
    void halfSizedPixelsAreAveragedInTwoByTwoBlocks() {
        Frame fine = new Frame(new float[] {
                1, 3, 10, 10,
                5, 7, 10, 30,
                0, 0, 2, 2,
                0, 4, 2, 2}, 4, 4);
        Frame out = AcquisitionAdapter.adapt("a", fine, 0.125, 10.0, MODEL);
        assertThat(out.width()).isEqualTo(2);
        assertThat(out.height()).isEqualTo(2);
        assertThat(out.pixels()).containsExactly(4, 15, 1, 2);
    }

    @Test
    void doubleSizedPixelsBecomeTwoByTwoBlocksOfTheirValue() {
        Frame out = AcquisitionAdapter.adapt("a", new Frame(new float[] {1, 2, 3, 4}, 2, 2), 0.5, null, MODEL);
        assertThat(out.width()).isEqualTo(4);
        assertThat(out.pixels()).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void aNonIntegerRatioWeighsEachOldPixelByTheLengthItShares() {
        // 0.1875 nm -> 0.25 nm: 4 old pixels become 3 new ones, each covering 4/3 old pixels
        Frame out = AcquisitionAdapter.adapt("a", new Frame(new float[] {3, 6, 9, 12}, 4, 1), 0.1875, null, MODEL);
        assertThat(out.width()).isEqualTo(3);
        assertThat(out.height()).isEqualTo(1);
        assertThat(out.pixels()[0]).isCloseTo((float) ((3 * 1 + 6 / 3.0) / (4 / 3.0)), within(1e-5f)); // [0, 4/3): 3.75
        assertThat(out.pixels()[1]).isCloseTo((float) ((6 * 2 / 3.0 + 9 * 2 / 3.0) / (4 / 3.0)), within(1e-5f)); // [4/3, 8/3): 7.5
        assertThat(out.pixels()[2]).isCloseTo((float) ((9 / 3.0 + 12) / (4 / 3.0)), within(1e-5f)); // [8/3, 4): 11.25
        // the mean over the field of view is kept
        assertThat((out.pixels()[0] + out.pixels()[1] + out.pixels()[2]) / 3).isCloseTo(7.5f, within(1e-5f));
    }

    @Test
    void aStatedDoseIsScaledToTheModelsAndTheSameConditionsChangeNothing() {
        Frame frame = new Frame(new float[] {40, 80, 0, 4}, 2, 2);
        assertThat(AcquisitionAdapter.adapt("a", frame, 0.25, 40.0, MODEL).pixels()).containsExactly(10, 20, 0, 1);
        assertThat(frame.pixels()).as("the input is left alone").containsExactly(40, 80, 0, 4);
        assertThat(AcquisitionAdapter.adapt("a", frame, 0.25, 10.0, MODEL)).isSameAs(frame);
        assertThat(AcquisitionAdapter.adapt("a", frame, 0.25, null, MODEL)).as("a model that states no film").isSameAs(frame);
    }

    @Test
    void anUnstatedDoseIsReadOffTheFilmInTheBorderWhenTheModelStatesItsFilm() {
        // the model's film: 0.0375 nm of gold, 0.375 counts per pixel at its dose 10; this frame's film reads 1.5: dose 40
        ModelMetadata.Acquisition withFilm = new ModelMetadata.Acquisition(0.25, 10, 0.0375);
        float[] counts = new float[32 * 32];
        java.util.Arrays.fill(counts, 1.5f);
        counts[16 * 32 + 16] = 400; // the particle's thickest pixel: 10 nm of gold at dose 40
        Frame out = AcquisitionAdapter.adapt("a", new Frame(counts, 32, 32), 0.25, null, withFilm);
        assertThat(out.pixels()[0]).isCloseTo(0.375f, within(1e-6f));
        assertThat(out.pixels()[16 * 32 + 16]).as("10 nm of gold at the model's dose").isCloseTo(100f, within(1e-4f));
        assertThat(AcquisitionAdapter.adapt("a", new Frame(counts, 32, 32), 0.25, 20.0, withFilm).pixels()[16 * 32 + 16])
                .as("a stated dose wins").isCloseTo(200f, within(1e-4f));
        assertThatThrownBy(() -> AcquisitionAdapter.adapt("dark", new Frame(new float[32 * 32], 32, 32), 0.25, null, withFilm))
                .hasMessageContaining("image dark states no dose and no film counts in the border and no pixel above 0");
        assertThatThrownBy(() -> new ModelMetadata.Acquisition(0.25, 10, -1.0)).hasMessageContaining("filmGoldNm must be a finite number >= 0");
    }

    /** Mean and variance of the inner pixels (2 sigma and more from the clamped edges). */
    private static double[] moments(float[] px, int side) {
        double sum = 0, sq = 0;
        int n = 0;
        for (int y = 8; y < side - 8; y++) {
            for (int x = 8; x < side - 8; x++) {
                double v = px[y * side + x];
                sum += v;
                sq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, sq / n - mean * mean};
    }

    /** A uniform 2 nm of gold under Poisson noise at {@code dose}: counts of mean and variance 2 x dose. */
    private static Frame film(int side, double dose, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] px = new float[side * side];
        for (int i = 0; i < px.length; i++) {
            px[i] = org.stemstream.simulator.noise.PoissonSampler.sample(2 * dose, rnd);
        }
        return new Frame(px, side, side);
    }

    @Test
    void aLowerDoseIsSmoothedToTheModelsNoiseAndAnyOtherIsNot() {
        // dose 2.5 scaled to 10: mean 20, variance 4^2 x 5 = 80, four times the training's 20; smoothed, 20 again
        double[] low = moments(AcquisitionAdapter.adapt("low", film(128, 2.5, 1), 0.25, 2.5, MODEL).pixels(), 128);
        assertThat(low[0]).isCloseTo(20, within(0.3));
        assertThat(low[1]).as("variance at dose 2.5, brought to dose 10").isCloseTo(20, within(1.5));
        double[] unsmoothed = moments(AcquisitionAdapter.adapt("fit", film(128, 2.5, 1), 0.25, 2.5, MODEL, false).pixels(), 128);
        assertThat(unsmoothed[1]).as("for the physics fit: scaled only").isCloseTo(80, within(6.0));
        // served: a network's frames are smoothed, the fit's (no preprocessing) are not
        ModelMetadata.Acquisition served = new ModelMetadata.Acquisition(0.25, 10);
        java.util.List<ModelMetadata.TaskHead> heads = java.util.List.of(new ModelMetadata.TaskHead("T1", "t1", java.util.List.of("no", "yes")));
        ModelMetadata cnn = new ModelMetadata("cnn", "1", 128, 128, served, Preprocessing.unnormalised(112, 2, "sqrt"), heads, java.util.Map.of());
        ModelMetadata fit = new ModelMetadata("fit", "1", 128, 128, served, null, heads, java.util.Map.of());
        assertThat(moments(ImageWindows.of("c", film(128, 2.5, 1), 0.25, 2.5, cnn).frames().get(0).pixels(), 128)[1]).isCloseTo(20, within(1.5));
        assertThat(moments(ImageWindows.of("f", film(128, 2.5, 1), 0.25, 2.5, fit).frames().get(0).pixels(), 128)[1]).isCloseTo(80, within(6.0));
        // dose 5: mean 20, variance 2^2 x 10 = 40 before, 20 after
        assertThat(moments(AcquisitionAdapter.adapt("half", film(128, 5, 2), 0.25, 5.0, MODEL).pixels(), 128)[1]).isCloseTo(20, within(1.5));
        // dose 40 scaled down: variance (1/4)^2 x 80 = 5, less noise than training's, left so
        assertThat(moments(AcquisitionAdapter.adapt("high", film(128, 40, 3), 0.25, 40.0, MODEL).pixels(), 128)[1]).isCloseTo(5, within(0.4));
        // 0.125 nm pixels at dose 2.5 carry the training's electrons per nm^2: averaged 2 x 2, variance 4^2 x 5 / 4 = 20, not smoothed
        double[] fine = moments(AcquisitionAdapter.adapt("fine", film(256, 2.5, 4), 0.125, 2.5, MODEL).pixels(), 128);
        assertThat(fine[0]).isCloseTo(20, within(0.3));
        assertThat(fine[1]).isCloseTo(20, within(1.5));
    }

    @Test
    void theSmoothingSigmaCutsWhiteNoisesVarianceByTheFactorAsked() {
        // a continuous 2-D Gaussian passes 1 / (4 pi sigma^2) of white noise's variance: a quarter at sigma = 1 / sqrt(pi);
        // a kernel sampled at whole pixels needs a little more below a pixel (0.596 against 0.564)
        assertThat(AcquisitionAdapter.smoothingSigma(0.25)).isCloseTo(1 / Math.sqrt(Math.PI), within(0.04));
        assertThat(AcquisitionAdapter.smoothingSigma(0.1)).isCloseTo(1 / Math.sqrt(0.4 * Math.PI), within(0.02));
        double s = org.stemstream.simulator.noise.GaussianKernel.sumOfSquares(
                org.stemstream.simulator.noise.GaussianKernel.weights(AcquisitionAdapter.smoothingSigma(0.5)));
        assertThat(s * s).isCloseTo(0.5, within(1e-6));
        assertThatThrownBy(() -> AcquisitionAdapter.smoothingSigma(1.5)).hasMessageContaining("not in (0, 1]");
    }

    @Test
    void tooCoarseOrMeaninglessPixelSizesAreRefused() {
        Frame frame = new Frame(new float[4], 2, 2);
        assertThat(AcquisitionAdapter.adapt("a", frame, 0.5, null, MODEL).width()).as("exactly twice is taken").isEqualTo(4);
        assertThatThrownBy(() -> AcquisitionAdapter.adapt("b", frame, 0.51, null, MODEL))
                .hasMessageContaining("image b has 0.51 nm pixels, more than 2 times the model's 0.25 nm");
        assertThatThrownBy(() -> AcquisitionAdapter.adapt("c", frame, 0, null, MODEL)).hasMessageContaining("pixel size 0.0 nm");
        assertThatThrownBy(() -> AcquisitionAdapter.adapt("d", frame, Double.NaN, null, MODEL)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new ModelMetadata.Acquisition(0.25, 0)).hasMessageContaining("dose > 0");
    }
}
