package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

class MultiTaskNetTest {

    /** 8x8 input: a checkerboard inside every 2x2 block (0 and 2), against a flat 1 with the same block means. */
    private static INDArray checkerboard() {
        float[] pixels = new float[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                pixels[y * 8 + x] = (x + y) % 2 == 0 ? 2 : 0;
            }
        }
        return Nd4j.create(pixels, new long[] {1, 1, 8, 8}, 'c');
    }

    @Test
    void spaceToDepthRunsTheConvolutionsAtHalfTheSideOnFourChannels() {
        ComputationGraph net = MultiTaskNet.build(8, 2, new int[] {3}, 1, false, false, new FixedSchedule(1e-3), 1);

        Map<String, INDArray> acts = net.feedForward(checkerboard(), false);

        assertThat(acts.get(MultiTaskNet.SPACE_TO_DEPTH).shape()).containsExactly(1, 4, 4, 4);
        assertThat(acts.get("conv1").shape()).containsExactly(1, 3, 2, 2); // stride 2 on the 4x4 cells
        assertThat(net.getLayer("conv1").getParam("W").shape()).containsExactly(3, 4, 3, 3);
    }

    @Test
    void spaceToDepthKeepsTheDetailThatBinningAveragesAway() {
        INDArray detail = checkerboard();
        INDArray flat = Nd4j.ones(1, 1, 8, 8);
        ComputationGraph net = MultiTaskNet.build(8, 2, new int[] {3}, 1, false, false, new FixedSchedule(1e-3), 1);

        INDArray cellsOfDetail = net.feedForward(detail, false).get(MultiTaskNet.SPACE_TO_DEPTH);
        INDArray cellsOfFlat = net.feedForward(flat, false).get(MultiTaskNet.SPACE_TO_DEPTH);

        // 2x binning sees the same image twice: every block averages to 1
        assertThat(binned(detail)).isEqualTo(binned(flat));
        // space-to-depth keeps the four pixels of each block as channels: the same sum, other values
        assertThat(cellsOfDetail.sumNumber().doubleValue()).isEqualTo(cellsOfFlat.sumNumber().doubleValue());
        assertThat(cellsOfDetail.equalsWithEps(cellsOfFlat, 1e-6)).isFalse();
        assertThat(cellsOfDetail.maxNumber().doubleValue()).isEqualTo(2.0);
        assertThat(cellsOfDetail.minNumber().doubleValue()).isEqualTo(0.0);
    }

    @Test
    void aBlockThatDoesNotDivideTheSideIsRefused() {
        assertThatThrownBy(() -> MultiTaskNet.build(10, 4, new int[] {3}, 1, false, false, new FixedSchedule(1e-3), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not divide the input side 10");
    }

    @Test
    void cornerMapsComeOffTheSecondStageAfterSpaceToDepth() {
        assertThat(MultiTaskNet.cornerMapSide(56, 1)).isEqualTo(14);
        assertThat(MultiTaskNet.cornerMapSide(112, 2)).isEqualTo(14);
    }

    private static float[] binned(INDArray image) {
        float[] out = new float[16];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                out[(y / 2) * 4 + x / 2] += image.getFloat(0, 0, y, x) / 4;
            }
        }
        return out;
    }
}
