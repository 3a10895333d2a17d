package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

    /** A 32x32 image of background 4 with a 4x4 block of 100 whose top-left corner is (x0, y0). */
    private static float[] block(int x0, int y0) {
        float[] px = new float[32 * 32];
        java.util.Arrays.fill(px, 4);
        for (int y = y0; y < y0 + 4; y++) {
            for (int x = x0; x < x0 + 4; x++) {
                px[y * 32 + x] = 100;
            }
        }
        return px;
    }

    @Test
    void theCropIsCentredOnTheParticleWhereverItSits() {
        Preprocessing pre = Preprocessing.unnormalised(8, 1, "sqrt");
        float[] centred = pre.apply(block(14, 14), 32, 32);
        float[] shifted = pre.apply(block(5, 20), 32, 32);
        assertThat(shifted).containsExactly(centred);
        // sqrt(100) - sqrt(4) inside the block, 0 (background removed) outside.
        assertThat(centred[3 * 8 + 3]).isCloseTo(8f, within(1e-5f));
        assertThat(centred[0]).isCloseTo(0f, within(1e-5f));
    }

    @Test
    void logScalingTakesLog1pOfCountsClampedAtZero() {
        float[] px = block(14, 14);
        px[0] = -7; // a negative count (read noise) scales as 0
        float[] out = Preprocessing.unnormalised(8, 1, "log").apply(px, 32, 32);
        double background = (123 * Math.log1p(4)) / 124; // border mean: 123 pixels of 4, one of 0
        assertThat(out[3 * 8 + 3]).isCloseTo((float) (Math.log1p(100) - background), within(1e-5f));
        assertThat(out[0]).isCloseTo((float) (Math.log1p(4) - background), within(1e-5f));
    }

    @Test
    void binningAveragesBlocksAndNormalisationApplies() {
        Preprocessing pre = Preprocessing.unnormalised(8, 2, "none").withNormalisation(1, 2);
        float[] out = pre.apply(block(14, 14), 32, 32);
        assertThat(pre.outputSize()).isEqualTo(4);
        assertThat(out).hasSize(16);
        assertThat(out[5]).isCloseTo((96f - 1) / 2, within(1e-4f));
        assertThat(out[0]).isCloseTo((0f - 1) / 2, within(1e-4f));
    }

    @Test
    void rejectsACropThatIsNotAMultipleOfTheBinning() {
        assertThatThrownBy(() -> Preprocessing.unnormalised(9, 2, "sqrt")).hasMessageContaining("crop 9");
    }
}
