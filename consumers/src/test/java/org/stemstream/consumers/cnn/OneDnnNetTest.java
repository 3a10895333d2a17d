package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

class OneDnnNetTest {

    /** A trained-looking folded net: batch normalisation with moved statistics folded into the convolutions, NHWC. */
    private static ComputationGraph folded(int side, int[] channels) {
        ComputationGraph bn = MultiTaskNet.build(side, 1, channels, 2, true, false, new FixedSchedule(1e-2), 9);
        BatchNormFoldingTest.moveRunningStatistics(bn, side, 4, 0.5);
        return BatchNormFolding.fold(bn, side, 1, channels, 2);
    }

    private static float[] inputs(int n, int side, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 2 + 0.5);
        }
        return x;
    }

    /**
     * The side 15 makes every stride-2 convolution's Same padding uneven (the odd pixel at the
     * bottom right, as DL4J pads), and batches of 1, 3, 8 and 5 reuse primitives built for 1, 4
     * and 8 images in either order.
     */
    @ParameterizedTest(name = "side {0}")
    @ValueSource(ints = {16, 15})
    void givesTheGraphsOutputsForEveryBatchSize(int side) {
        ComputationGraph graph = folded(side, new int[] {4, 8, 16});
        OneDnnNet net = OneDnnNet.compile(graph, side);
        assertThat(net).isNotNull();
        int area = side * side;
        for (int n : new int[] {1, 3, 8, 5}) {
            float[] x = inputs(n + 2, side, n);
            int offset = 2 * area; // the batch starts after two other images
            float[] batch = java.util.Arrays.copyOfRange(x, offset, offset + n * area);
            INDArray[] expected = graph.output(Nd4j.create(batch, new long[] {n, side, side, 1}, 'c'));
            float[][][] actual = net.forward(x, offset, n);
            assertThat(actual.length).isEqualTo(expected.length);
            for (int o = 0; o < expected.length; o++) {
                for (int i = 0; i < n; i++) {
                    float[] row = expected[o].getRow(i).toFloatVector();
                    assertThat(actual[o][i]).as("output %d, image %d of %d", o, i, n).hasSameSizeAs(row);
                    for (int c = 0; c < row.length; c++) {
                        assertThat(Math.abs(actual[o][i][c] - row[c])).as("output %d, image %d of %d, unit %d", o, i, n, c)
                                .isLessThan(1e-5f + 1e-4f * Math.abs(row[c]));
                    }
                }
            }
        }
    }

    @Test
    void netsOfOtherKindsAreLeftToDl4j() {
        int side = 16;
        ComputationGraph withBatchNorm = MultiTaskNet.build(side, 1, new int[] {4, 8}, 2, true, false, new FixedSchedule(1e-2), 9);
        ComputationGraph spaceToDepth = MultiTaskNet.buildForInference(side, 2, new int[] {4, 8}, 2);
        ComputationGraph withCornerMaps = MultiTaskNet.build(side, 1, new int[] {4, 8}, 2, false, true, new FixedSchedule(1e-2), 9);

        assertThat(OneDnnNet.compile(withBatchNorm, side)).isNull();
        assertThat(OneDnnNet.compile(spaceToDepth, side)).isNull();
        assertThat(OneDnnNet.compile(withCornerMaps, side)).isNull(); // stage 2's output also feeds the corner maps
        assertThat(OneDnnNet.compile(MultiTaskNet.buildForInference(side, 1, new int[] {4, 8}, 2), side)).isNotNull();
    }

    @Test
    void thePropertyKeepsDl4j() {
        int side = 16;
        ComputationGraph graph = MultiTaskNet.buildForInference(side, 1, new int[] {4, 8}, 2);
        System.setProperty(OneDnnNet.ENGINE_PROPERTY, OneDnnNet.DL4J);
        try {
            assertThat(OneDnnNet.compile(graph, side)).isNull();
        } finally {
            System.clearProperty(OneDnnNet.ENGINE_PROPERTY);
        }
        assertThat(OneDnnNet.compile(graph, side)).isNotNull();
    }

    @Test
    void batchesAreRoundedUpToPowersOfTwo() {
        assertThat(OneDnnNet.bucket(0)).isEqualTo(1);
        assertThat(OneDnnNet.bucket(1)).isEqualTo(1);
        assertThat(OneDnnNet.bucket(2)).isEqualTo(2);
        assertThat(OneDnnNet.bucket(3)).isEqualTo(4);
        assertThat(OneDnnNet.bucket(33)).isEqualTo(64);
        assertThat(OneDnnNet.bucket(64)).isEqualTo(64);
    }
}
