package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.schedule.FixedSchedule;

class CnnModelTest {

    private static final int SIDE = 16;

    /** A small batch-normalised net, trained a few steps (so the running statistics have moved), saved in {@code dir}. */
    private static CnnModel trainedAndSaved(Path dir) throws Exception {
        int side = SIDE;
        int[] channels = {4, 8};
        Preprocessing pre = Preprocessing.unnormalised(side, 1, "sqrt");
        ComputationGraph trained = MultiTaskNet.build(side, 1, channels, 2, true, false, new FixedSchedule(1e-2), 7);
        BatchNormFoldingTest.moveRunningStatistics(trained, side, 11, 0);
        ModelMetadata metadata = new ModelMetadata("test-net", "1", side, side, pre, List.of(
                new ModelMetadata.TaskHead("T1", MultiTaskNet.T1, List.of("not-deformed", "deformed")),
                new ModelMetadata.TaskHead("T2", MultiTaskNet.T2, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8"))),
                Map.of("channels", List.of(4, 8), "convsPerStage", 2, "batchNorm", true));
        CnnModel asTrained = new CnnModel(trained, metadata);
        asTrained.save(dir);
        return asTrained;
    }

    /**
     * Scales in the metadata make the loaded model run in integers, as close to the floats as 8
     * bits allow; the precision property serves it in floats again; a file without them stays in
     * floats and is written without the field.
     */
    @Test
    void int8ScalesInTheMetadataServeTheConvolutionsInIntegers(@TempDir Path dir) throws Exception {
        trainedAndSaved(dir);
        assertThat(java.nio.file.Files.readString(dir.resolve(ModelMetadata.FILE))).doesNotContain("int8");
        CnnModel floats = CnnModel.load(dir);
        assertThat(floats.precision()).isEqualTo(CnnModel.F32);
        Random random = new Random(8);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            float[] counts = new float[SIDE * SIDE];
            for (int p = 0; p < counts.length; p++) {
                counts[p] = random.nextInt(40) + (Math.abs(p % SIDE - i % 10 - 3) < 3 ? 60 : 0);
            }
            images.add(counts);
        }
        float[] inputs = new float[images.size() * SIDE * SIDE];
        for (int i = 0; i < images.size(); i++) {
            floats.metadata().preprocessing().applyInto(images.get(i), SIDE, SIDE, inputs, i * SIDE * SIDE);
        }
        ModelMetadata.Int8Scales scales = floats.calibrate(inputs, images.size(), Map.of("images", "bands"));
        assertThat(scales.inputMaxima()).hasSize(4); // 2 stages of 2 convolutions
        assertThat(scales.calibration()).containsEntry("images", "bands");
        floats.metadata().withInt8(scales).write(dir.resolve(ModelMetadata.FILE));

        CnnModel integers = CnnModel.load(dir);

        assertThat(integers.metadata().int8()).isEqualTo(scales);
        assertThat(integers.precision()).isEqualTo(CnnModel.INT8);
        float[][][] expected = floats.probabilities(images);
        float[][][] actual = integers.probabilities(images);
        double largest = 0;
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < images.size(); i++) {
                for (int c = 0; c < expected[t][i].length; c++) {
                    largest = Math.max(largest, Math.abs(actual[t][i][c] - expected[t][i][c]));
                }
            }
        }
        assertThat(largest).as("integers move the probabilities, by 8-bit rounding only").isGreaterThan(0).isLessThan(0.05);
        assertThat(integers.copy().precision()).as("a second stream's copy").isEqualTo(CnnModel.INT8);
        System.setProperty(CnnModel.PRECISION_PROPERTY, CnnModel.F32);
        try {
            CnnModel again = CnnModel.load(dir);
            assertThat(again.precision()).isEqualTo(CnnModel.F32);
            assertThat(again.probabilities(images)[1][3]).containsExactly(expected[1][3]);
        } finally {
            System.clearProperty(CnnModel.PRECISION_PROPERTY);
        }
        String bad = java.nio.file.Files.readString(dir.resolve(ModelMetadata.FILE)).replaceFirst("\"inputMaxima\" : \\[ [0-9.Ee-]+", "\"inputMaxima\" : [ -1.0");
        java.nio.file.Files.writeString(dir.resolve(ModelMetadata.FILE), bad);
        assertThatThrownBy(() -> CnnModel.load(dir)).hasMessageContaining("int8's inputMaxima must be one finite number > 0 per convolution");
    }

    @Test
    void aLoadedModelIsServedInNhwcAndScoresAsTheTrainedNetDoes(@TempDir Path dir) throws Exception {
        int side = SIDE;
        CnnModel asTrained = trainedAndSaved(dir);

        CnnModel served = CnnModel.load(dir);

        assertThat(MultiTaskNet.format(served.graph())).isEqualTo(CNN2DFormat.NHWC);
        assertThat(BatchNormFolding.hasBatchNorm(served.graph())).isFalse();
        // the folded net runs on oneDNN directly; the batch-normalised one through DL4J's layers
        assertThat(served.engine()).isEqualTo("onednn");
        assertThat(asTrained.engine()).isEqualTo("dl4j");
        Random random = new Random(5);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[] counts = new float[side * side];
            for (int p = 0; p < counts.length; p++) {
                counts[p] = random.nextInt(40) + (Math.abs(p % side - i - 5) < 3 ? 60 : 0); // an off-centre band per image
            }
            images.add(counts);
        }
        float[][][] expected = asTrained.probabilities(images);
        float[][][] actual = served.probabilities(images);
        // what the trainer scores its validation and test sets with: the model as loading it would serve it
        CnnModel servedUnsaved = CnnModel.served(asTrained.graph(), asTrained.metadata());
        assertThat(servedUnsaved.engine()).isEqualTo("onednn");
        assertThat(servedUnsaved.probabilities(images)).isDeepEqualTo(actual);
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < images.size(); i++) {
                for (int c = 0; c < expected[t][i].length; c++) {
                    assertThat(actual[t][i][c]).as("task %d, image %d, class %d", t, i, c).isCloseTo(expected[t][i][c], within(1e-4f));
                }
            }
        }
    }

    @Test
    void withAllSymmetriesEachImageGetsTheRenormalisedGeometricMeanOfItsEightVariants(@TempDir Path dir) throws Exception {
        trainedAndSaved(dir);
        CnnModel plain = CnnModel.load(dir);
        CnnModel tta = CnnModel.load(dir, true);
        int n = 40; // more than one forward pass of 32 images x 8 variants
        int area = SIDE * SIDE;
        float[] inputs = new float[n * area];
        Random random = new Random(9);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextGaussian();
        }

        float[][][] actual = tta.probabilitiesOfInputs(inputs, n);

        double[][][] logSum = new double[actual.length][n][];
        for (int v = 0; v < Dihedral.COUNT; v++) {
            float[] variant = new float[inputs.length];
            for (int i = 0; i < n; i++) {
                Dihedral.apply(inputs, i * area, variant, i * area, SIDE, v);
            }
            float[][][] p = plain.probabilitiesOfInputs(variant, n);
            for (int t = 0; t < p.length; t++) {
                for (int i = 0; i < n; i++) {
                    logSum[t][i] = logSum[t][i] == null ? new double[p[t][i].length] : logSum[t][i];
                    for (int c = 0; c < p[t][i].length; c++) {
                        logSum[t][i][c] += Math.log(Math.max(1e-6, p[t][i][c]));
                    }
                }
            }
        }
        assertThat(tta.symmetries()).isEqualTo(8);
        assertThat(plain.symmetries()).isEqualTo(1);
        for (int t = 0; t < actual.length; t++) {
            for (int i = 0; i < n; i++) {
                double total = 0;
                for (double l : logSum[t][i]) {
                    total += Math.exp(l / Dihedral.COUNT);
                }
                for (int c = 0; c < logSum[t][i].length; c++) {
                    assertThat(actual[t][i][c]).as("task %d, image %d, class %d", t, i, c)
                            .isCloseTo((float) (Math.exp(logSum[t][i][c] / Dihedral.COUNT) / total), within(1e-5f));
                }
            }
        }
    }

    @Test
    void aHeadWithATrainingPriorAnswersUnderEqualPriors(@TempDir Path dir) throws Exception {
        CnnModel asTrained = trainedAndSaved(dir);
        ModelMetadata.TaskHead t1 = asTrained.metadata().tasks().get(0);
        // trained on 1 uncut in 5: the net's odds of "not deformed" are 1/4 of what equal priors give
        ModelMetadata withPrior = asTrained.metadata().withTasks(List.of(t1.withTrainingPrior(List.of(0.2, 0.8)),
                asTrained.metadata().tasks().get(1)));
        CnnModel plain = CnnModel.served(asTrained.graph(), asTrained.metadata());
        CnnModel flat = CnnModel.served(asTrained.graph(), withPrior);
        List<float[]> images = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 4; i++) {
            float[] counts = new float[SIDE * SIDE];
            for (int p = 0; p < counts.length; p++) {
                counts[p] = random.nextInt(80);
            }
            images.add(counts);
        }

        float[][][] net = plain.probabilities(images);
        float[][][] served = flat.probabilities(images);

        for (int i = 0; i < images.size(); i++) {
            double odds = (double) net[0][i][0] / net[0][i][1];
            assertThat((double) served[0][i][0] / served[0][i][1]).as("image %d: odds x 4", i).isCloseTo(4 * odds, within(1e-4 * odds));
            assertThat(served[0][i][0] + served[0][i][1]).isCloseTo(1f, within(1e-6f));
            assertThat(served[1][i]).as("T2 has no prior: as the net gives it").containsExactly(net[1][i]);
        }
        // saved and loaded, the prior stays
        flat.save(dir.resolve("saved"));
        assertThat(ModelMetadata.read(dir.resolve("saved").resolve(ModelMetadata.FILE)).tasks().get(0).trainingPrior()).containsExactly(0.2, 0.8);
        assertThat(CnnModel.load(dir.resolve("saved")).probabilities(images)[0][0][0]).isCloseTo(served[0][0][0], within(1e-5f));
        // and a prior that is not one share per class, summing to 1, is refused
        assertThatThrownBy(() -> t1.withTrainingPrior(List.of(0.2, 0.7))).hasMessageContaining("summing to 1");
        assertThatThrownBy(() -> t1.withTrainingPrior(List.of(1.0))).hasMessageContaining("one share per class");
        assertThatThrownBy(() -> t1.withTrainingPrior(List.of(0.0, 1.0))).hasMessageContaining("in (0, 1]");
    }

    @Test
    void metadataWhoseClassesDoNotMatchTheOutputIsRejectedAtLoad() {
        Preprocessing pre = Preprocessing.unnormalised(SIDE, 1, "sqrt");
        ComputationGraph net = MultiTaskNet.build(SIDE, new int[] {2}, 1, false, 1e-3, 1, 1);
        ModelMetadata threeForT1 = new ModelMetadata("test-net", "1", SIDE, SIDE, pre, List.of(
                new ModelMetadata.TaskHead("T1", MultiTaskNet.T1, List.of("a", "b", "c"))), Map.of());
        assertThatThrownBy(() -> new CnnModel(net, threeForT1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists 3 classes").hasMessageContaining("has 2");
    }

    @Test
    void metadataWithoutANameOrVersionOrImageSizeIsRejected() {
        Preprocessing pre = Preprocessing.unnormalised(SIDE, 1, "sqrt");
        List<ModelMetadata.TaskHead> heads = List.of(new ModelMetadata.TaskHead("T1", MultiTaskNet.T1, List.of("a", "b")));
        assertThatThrownBy(() -> new ModelMetadata("test-net", null, SIDE, SIDE, pre, heads, Map.of()))
                .hasMessageContaining("needs a name and a version");
        assertThatThrownBy(() -> new ModelMetadata(" ", "1", SIDE, SIDE, pre, heads, Map.of()))
                .hasMessageContaining("needs a name and a version");
        assertThatThrownBy(() -> new ModelMetadata("test-net", "1", 0, SIDE, pre, heads, Map.of()))
                .hasMessageContaining("image size 0x16");
        assertThatThrownBy(() -> new ModelMetadata("test-net", "1", SIDE, SIDE, pre, List.of(), Map.of()))
                .hasMessageContaining("names no task");
    }
}
