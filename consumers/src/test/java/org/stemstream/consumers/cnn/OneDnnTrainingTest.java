package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class OneDnnTrainingTest {
    private static final int[] CLASSES = {2, 9, 3, 3};

    /**
     * A minibatch as the trainer makes them: random inputs, one-hot labels of the four softmax
     * heads, the regression target, and label masks with zeros (heads an image does not teach).
     */
    static MultiDataSet minibatch(int n, int side, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() + 0.3);
        }
        INDArray[] labels = new INDArray[5];
        INDArray[] masks = new INDArray[5];
        for (int h = 0; h < 4; h++) {
            float[] y = new float[n * CLASSES[h]];
            float[] m = new float[n];
            for (int i = 0; i < n; i++) {
                y[i * CLASSES[h] + random.nextInt(CLASSES[h])] = 1;
                m[i] = random.nextInt(4) == 0 ? 0 : 1;
            }
            labels[h] = Nd4j.create(y, new long[] {n, CLASSES[h]}, 'c');
            masks[h] = Nd4j.create(m, new long[] {n, 1}, 'c');
        }
        float[] k = new float[n];
        for (int i = 0; i < n; i++) {
            k[i] = random.nextInt(9) / 8f;
        }
        labels[4] = Nd4j.create(k, new long[] {n, 1}, 'c');
        masks[4] = masks[1];
        return new MultiDataSet(new INDArray[] {Nd4j.create(x, new long[] {n, 1, side, side}, 'c')}, labels, null, masks);
    }

    private static ComputationGraph net(int side) {
        return MultiTaskNet.build(side, 1, new int[] {4, 8}, 2, true, false, new ExponentialSchedule(ScheduleType.EPOCH, 1e-2, 0.5), 7);
    }

    /** Minibatch {@code batch} split in {@code parts} shares of sizes as the trainer splits them. */
    private static List<MultiDataSet> shares(MultiDataSet batch, int parts) {
        int n = (int) batch.getFeatures(0).size(0);
        List<MultiDataSet> out = new ArrayList<>();
        for (int i = 0, from = 0; i < parts; i++) {
            int size = n / parts + (i < n % parts ? 1 : 0);
            INDArray[] labels = new INDArray[5];
            INDArray[] masks = new INDArray[5];
            for (int h = 0; h < 5; h++) {
                labels[h] = rows(batch.getLabels(h), from, size);
                masks[h] = rows(batch.getLabelsMaskArray(h), from, size);
            }
            out.add(new MultiDataSet(new INDArray[] {rows(batch.getFeatures(0), from, size)}, labels, null, masks));
            from += size;
        }
        return out;
    }

    private static INDArray rows(INDArray a, int from, int size) {
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + size)).dup('c');
    }

    /**
     * The gradient of the score that DL4J's backpropagation gives (its updater divides by the
     * minibatch), parameter by parameter, and the score: the heads' losses with their masks, the
     * pooling, batch normalisation in training mode with its ReLU, and Same padding at every
     * stride (side 15: uneven at every stride-2 layer).
     */
    @ParameterizedTest(name = "side {0}")
    @ValueSource(ints = {16, 15})
    void gradientAndScoreAreDl4js(int side) {
        ComputationGraph graph = net(side);
        MultiDataSet batch = minibatch(12, side, side);
        OneDnnTraining training = OneDnnTraining.compile(graph, side, 1);
        assertThat(training).isNotNull();
        double score = training.fit(List.of(batch));

        ComputationGraph reference = graph.clone();
        reference.setInputs(batch.getFeatures());
        reference.setLabels(batch.getLabels());
        reference.setLayerMaskArrays(null, batch.getLabelsMaskArrays());
        reference.computeGradientAndScore();
        assertThat(score).isCloseTo(reference.score(), org.assertj.core.data.Offset.offset(1e-4 * Math.abs(reference.score())));
        Map<String, INDArray> expected = reference.gradient().gradientForVariable();
        int compared = 0;
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            int cut = e.getKey().lastIndexOf('_');
            float[] actual = training.gradient(e.getKey().substring(0, cut), e.getKey().substring(cut + 1));
            if (actual == null) {
                continue; // batch normalisation's running statistics: no gradient
            }
            float[] want = e.getValue().dup('c').data().asFloat();
            double scale = 0; // a convolution's bias has no gradient before batch normalisation: rounding, about 1e-7
            for (float w : want) {
                scale = Math.max(scale, Math.abs(w / 12));
            }
            assertThat(actual).as(e.getKey()).hasSameSizeAs(want);
            for (int i = 0; i < want.length; i++) {
                assertThat((double) Math.abs(actual[i] - want[i] / 12)).as("%s[%d]", e.getKey(), i).isLessThan(1e-3 * scale + 1e-6);
            }
            compared++;
        }
        assertThat(compared).as("parameters compared").isEqualTo(2 * 4 + 2 * 4 + 2 * 5); // convs, batch norms, heads
    }

    /**
     * Three steps of Adam on three minibatches, with an epoch between them (the schedule halves
     * the rate): the parameters, the running statistics and the counts that DL4J's fit leaves.
     * Not the convolutions' biases: batch normalisation cancels them, so their gradient is
     * rounding (about 1e-7), which Adam turns into steps of the full rate either way. The batch
     * means that the running means average include those biases, so the running means are
     * compared less the same moving average of the bias before each step.
     */
    @Test
    void stepsMoveEveryParameterAsDl4jsFitDoes() {
        int side = 16;
        ComputationGraph graph = net(side);
        ComputationGraph reference = graph.clone();
        OneDnnTraining training = OneDnnTraining.compile(graph, side, 1);
        List<String> convs = List.of("conv1_1", "conv2_2");
        Map<String, float[]> referenceBias = new java.util.HashMap<>();
        Map<String, float[]> ownBias = new java.util.HashMap<>();
        ComputationGraph scratch = graph.clone();
        for (int step = 0; step < 3; step++) {
            training.copyTo(scratch);
            for (String conv : convs) {
                movingAverage(referenceBias, conv, reference.getLayer(conv).getParam("b"));
                movingAverage(ownBias, conv, scratch.getLayer(conv).getParam("b"));
            }
            MultiDataSet batch = minibatch(16, side, 100 + step);
            reference.fit(batch);
            training.fit(List.of(batch));
            if (step == 1) {
                reference.incrementEpochCount();
                training.incrementEpochCount();
            }
        }
        training.close();
        ComputationGraph trained = graph.clone();
        training.copyTo(trained);
        assertThat(trained.getConfiguration().getIterationCount()).isEqualTo(3);
        assertThat(trained.getConfiguration().getEpochCount()).isEqualTo(1);
        int compared = 0;
        for (String layer : List.of("conv1_1", "conv1_1_bn", "conv2_2", "conv2_2_bn", "t2", "k")) {
            for (Map.Entry<String, INDArray> e : reference.getLayer(layer).paramTable().entrySet()) {
                if (layer.startsWith("conv") && !layer.endsWith("_bn") && e.getKey().equals("b")) {
                    continue;
                }
                float[] want = e.getValue().dup('c').data().asFloat();
                float[] actual = trained.getLayer(layer).getParam(e.getKey()).dup('c').data().asFloat();
                float[] before = graph.getLayer(layer).getParam(e.getKey()).dup('c').data().asFloat();
                if (e.getKey().equals("mean")) {
                    String conv = layer.substring(0, layer.length() - "_bn".length());
                    for (int i = 0; i < want.length; i++) {
                        want[i] -= referenceBias.get(conv)[i];
                        actual[i] -= ownBias.get(conv)[i];
                    }
                }
                for (int i = 0; i < want.length; i++) {
                    assertThat(Math.abs(actual[i] - want[i])).as("%s %s[%d]", layer, e.getKey(), i)
                            .isLessThan(2e-4f * Math.max(1, Math.abs(want[i])));
                }
                assertThat(actual).as("%s %s moved", layer, e.getKey()).isNotEqualTo(before);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(2 * 1 + 2 * 4 + 2 * 2); // W; gamma, beta and the running statistics; the heads' W and b
    }

    /** Batch normalisation's moving average (decay 0.9) of a convolution's bias, from 0. */
    private static void movingAverage(Map<String, float[]> averages, String conv, INDArray bias) {
        float[] b = bias.dup('c').data().asFloat();
        float[] average = averages.computeIfAbsent(conv, c -> new float[b.length]);
        for (int i = 0; i < b.length; i++) {
            average[i] = 0.9f * average[i] + 0.1f * b[i];
        }
    }

    /**
     * On two workers, the step's gradient and score are the whole minibatch's: each share's
     * (as one worker gives it) weighted by its size, here 8 and 7 images.
     */
    @Test
    void twoWorkersTakeTheWholeMinibatchsGradient() {
        int side = 16;
        ComputationGraph graph = net(side);
        List<MultiDataSet> shares = shares(minibatch(15, side, 5), 2);
        OneDnnTraining both = OneDnnTraining.compile(graph, side, 2);
        OneDnnTraining first = OneDnnTraining.compile(graph, side, 1);
        OneDnnTraining second = OneDnnTraining.compile(graph, side, 1);
        double score = both.fit(shares);
        double score0 = first.fit(shares.subList(0, 1));
        double score1 = second.fit(shares.subList(1, 2));
        both.close();
        assertThat(score).isCloseTo((8 * score0 + 7 * score1) / 15, org.assertj.core.data.Offset.offset(1e-6));
        for (String[] param : new String[][] {{"conv1_1", "W"}, {"conv2_2_bn", "gamma"}, {"conv2_1_bn", "beta"}, {"t1", "W"}, {"k", "b"}}) {
            float[] g = both.gradient(param[0], param[1]);
            float[] g0 = first.gradient(param[0], param[1]);
            float[] g1 = second.gradient(param[0], param[1]);
            for (int i = 0; i < g.length; i++) {
                assertThat((double) g[i]).as("%s %s[%d]", param[0], param[1], i)
                        .isCloseTo((8.0 * g0[i] + 7.0 * g1[i]) / 15, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(g0[i])));
            }
        }
    }

    @Test
    void netsOfOtherKindsAreLeftToDl4j() {
        int side = 16;
        assertThat(OneDnnTraining.compile(MultiTaskNet.build(side, 1, new int[] {4, 8}, 2, false, false, new FixedSchedule(1e-2), 9), side, 1))
                .as("no batch normalisation").isNull();
        assertThat(OneDnnTraining.compile(MultiTaskNet.build(side, 2, new int[] {4, 8}, 2, true, false, new FixedSchedule(1e-2), 9), side, 1))
                .as("space-to-depth").isNull();
        assertThat(OneDnnTraining.compile(MultiTaskNet.build(side, 1, new int[] {4, 8}, 2, true, true, new FixedSchedule(1e-2), 9), side, 1))
                .as("corner maps").isNull();
        System.setProperty(OneDnnTraining.ENGINE_PROPERTY, OneDnnNet.DL4J);
        try {
            assertThat(OneDnnTraining.compile(net(side), side, 1)).as("the property").isNull();
        } finally {
            System.clearProperty(OneDnnTraining.ENGINE_PROPERTY);
        }
        assertThat(OneDnnTraining.compile(net(side), side, 1)).isNotNull();
    }
}
