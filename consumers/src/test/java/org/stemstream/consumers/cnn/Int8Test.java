package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.dnnl.memory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

class Int8Test {
    private static final int SIDE = 16;

    /** A trained-looking folded net (batch normalisation with moved statistics folded in), NHWC: 4 convolutions. */
    private static ComputationGraph folded() {
        int[] channels = {8, 16};
        ComputationGraph bn = MultiTaskNet.build(SIDE, 1, channels, 2, true, false, new FixedSchedule(1e-2), 9);
        BatchNormFoldingTest.moveRunningStatistics(bn, SIDE, 4, 0.5);
        return BatchNormFolding.fold(bn, SIDE, 1, channels, 2);
    }

    private static float[] inputs(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * SIDE * SIDE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 2 + 0.5);
        }
        return x;
    }

    @Test
    void eachConvolutionsInputMaximumIsTheLargestValueItTakes() {
        ComputationGraph graph = folded();
        OneDnnNet net = OneDnnNet.compile(graph, SIDE);
        int n = 70; // two calibration batches, the second partly empty: its zero padding must not count
        float[] x = inputs(n, 1);
        x[5] = -9.5f; // the input's largest magnitude, negative

        float[] maxima = net.inputMaxima(x, n);

        List<String> convs = graph.getConfiguration().getTopologicalOrderStr().stream()
                .filter(v -> graph.getLayer(v) != null && graph.getLayer(v).conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer)
                .toList();
        assertThat(maxima).hasSize(convs.size());
        assertThat(maxima[0]).isEqualTo(9.5f);
        Map<String, INDArray> activations = graph.feedForward(Nd4j.create(x, new long[] {n, SIDE, SIDE, 1}, 'c'), false);
        for (int i = 1; i < convs.size(); i++) {
            float expected = activations.get(convs.get(i - 1)).maxNumber().floatValue(); // after its ReLU
            assertThat(maxima[i]).as("convolution %d's input", i).isCloseTo(expected, within(1e-4f * expected));
        }
    }

    /** Blank images: every input 0 and (the biases aside) little after; still a scale for each, so calibration cannot fail. */
    @Test
    void anInputThatNeverFiresStillGetsAScale() {
        OneDnnNet net = OneDnnNet.compile(folded(), SIDE);

        float[] maxima = net.inputMaxima(new float[3 * SIDE * SIDE], 3);

        assertThat(maxima[0]).isEqualTo(OneDnnNet.SMALLEST_MAXIMUM);
        for (float m : maxima) {
            assertThat(m).isGreaterThanOrEqualTo(OneDnnNet.SMALLEST_MAXIMUM);
        }
        assertThat(net.int8(maxima).forward(new float[SIDE * SIDE], 0, 1)[0][0]).doesNotContain(Float.NaN);
    }

    @Test
    void inIntegersTheOutputsAreTheFloatOnesToWithinTheRounding() {
        ComputationGraph graph = folded();
        OneDnnNet floats = OneDnnNet.compile(graph, SIDE);
        OneDnnNet integers = floats.int8(floats.inputMaxima(inputs(256, 2), 256));
        assertThat(integers.isInt8()).isTrue();
        assertThat(floats.isInt8()).isFalse();
        int n = 64;
        float[] x = inputs(n, 3); // not the calibration images

        float[][][] expected = floats.forward(x, 0, n);
        float[][][] actual = integers.forward(x, 0, n);

        double largest = 0;
        double spread = 0;
        for (int o = 0; o < expected.length; o++) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < expected[o][i].length; c++) {
                    largest = Math.max(largest, Math.abs(actual[o][i][c] - expected[o][i][c]));
                    spread = Math.max(spread, Math.abs(expected[o][i][c] - expected[o][0][c]));
                }
            }
        }
        // 8-bit steps through three integer convolutions of a random net: 0.022 at most here. The
        // bias left in float units (not the integer sums') moved them by 0.19.
        assertThat(largest).as("largest change of an output").isLessThan(0.05).isGreaterThan(0);
        assertThat(spread).as("the outputs differ between images by far more than the rounding").isGreaterThan(10 * largest);
    }

    /** The scales by hand: inputs of up to 5.1 after a ReLU, weights of up to 0.5 and 0.127 per output channel, outputs of up to 2.54. */
    @Test
    void scalesTakeEachIntegerSumToTheNextConvolutionsScale() {
        Int8 int8 = new Int8(new float[] {2f, 5.1f, 2.54f});
        float[] weights = {0.5f, -0.25f, 0.1f, -0.127f}; // 2 output channels of 2 weights

        Int8.Layer layer = int8.layer(1, 3, true, weights, 2, true);

        assertThat(int8.layer(0, 3, false, weights, 2, true)).as("the first convolution stays in floats").isNull();
        assertThat(layer.srcType()).isEqualTo(memory.data_type.u8);
        assertThat(layer.dstType()).isEqualTo(memory.data_type.u8);
        assertThat(layer.srcScale()).isCloseTo(50f, within(1e-4f)); // 255 / 5.1
        assertThat(layer.weightScales()).containsExactly(new float[] {254f, 1000f}, within(1e-3f)); // 127 / 0.5, 127 / 0.127
        float dst = 255 / 2.54f;
        assertThat(layer.outputScales()).containsExactly(new float[] {dst / (50 * 254), dst / (50 * 1000)}, within(1e-9f));
        assertThat(layer.bias(new float[] {0.01f, -0.02f})).containsExactly(new float[] {127f, -1000f}, within(1e-3f));
        Int8.Layer last = int8.layer(2, 3, true, weights, 2, false);
        assertThat(last.dstType()).as("the last convolution's output is pooled in floats").isEqualTo(memory.data_type.f32);
        assertThat(last.outputScales()[0]).isCloseTo(1f / (255 / 2.54f * 254), within(1e-9f));
        assertThatThrownBy(() -> int8.layer(1, 4, true, weights, 2, true)).hasMessageContaining("calibrated for 3 convolutions, the net has 4");
        assertThatThrownBy(() -> new Int8(new float[] {1f, 0f})).hasMessageContaining("> 0");
    }
}
