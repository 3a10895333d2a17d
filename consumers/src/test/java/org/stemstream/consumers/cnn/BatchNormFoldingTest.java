package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

class BatchNormFoldingTest {

    @ParameterizedTest(name = "space-to-depth block {0}")
    @ValueSource(ints = {1, 2})
    void theFoldedNetGivesTheSameOutputsInNhwcWithoutBatchNormalisation(int spaceToDepth) {
        int side = 16;
        ComputationGraph bn = MultiTaskNet.build(side, spaceToDepth, new int[] {4, 8}, 2, true, false, new FixedSchedule(1e-2), 5);
        moveRunningStatistics(bn, side, 3, 1);
        ComputationGraph folded = BatchNormFolding.fold(bn, side, spaceToDepth, new int[] {4, 8}, 2);

        assertThat(BatchNormFolding.hasBatchNorm(bn)).isTrue();
        assertThat(BatchNormFolding.hasBatchNorm(folded)).isFalse();
        assertThat(MultiTaskNet.format(folded))
                .isEqualTo(CNN2DFormat.NHWC);
        INDArray input = Nd4j.rand(5, 1, side, side).muli(3).addi(1);
        INDArray[] expected = bn.output(false, input);
        // one channel: the NCHW batch's floats in the same order are the NHWC batch
        INDArray[] actual = folded.output(false, input.reshape('c', 5, side, side, 1));
        for (int t = 0; t < expected.length; t++) {
            assertThat(actual[t].equalsWithEps(expected[t], 1e-4)).as("output %d: %s vs %s", t, actual[t], expected[t]).isTrue();
        }
    }

    /**
     * Five training steps on random inputs in [offset, offset + 3) with fixed labels, so that the
     * batch normalisation's running mean and variance are not their initial 0 and 1.
     */
    static void moveRunningStatistics(ComputationGraph net, int side, long seed, double offset) {
        Nd4j.getRandom().setSeed(seed);
        for (int i = 0; i < 5; i++) {
            INDArray x = Nd4j.rand(8, 1, side, side).muli(3).addi(offset);
            INDArray[] labels = {Nd4j.zeros(8, 2).putScalar(0, 1, 1), Nd4j.zeros(8, 9).putScalar(0, 3, 1),
                Nd4j.zeros(8, 3).putScalar(0, 0, 1), Nd4j.zeros(8, 3).putScalar(0, 0, 1), Nd4j.zeros(8, 1)};
            net.fit(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, labels));
        }
    }
}
