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
