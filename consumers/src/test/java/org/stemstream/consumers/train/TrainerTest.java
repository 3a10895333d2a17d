package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ModelMetadata;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/** A tiny end-to-end run: render, cache, train two epochs, save, reload (batch norm folded), predict. Kept small for speed. */
@SuppressWarnings("unchecked")
class TrainerTest {

    @Test
    void trainsSavesAndReloadsATinyModel(@TempDir Path dir) throws Exception {
        TrainerConfig config = TrainerConfig.defaults("seed-benchmark", 40, 2, 7, dir.resolve("model"))
                .withTestCount(12).withShapes("mixed-shapes", 12).withNetwork(new int[] {4, 8}, 2, true, 112, 4)
                .withSpaceToDepth(2).withReplicas(2)
                .withTraining(8, 2e-3, 0.9, 2).withCacheDir(dir.resolve("cache")).withFreshData(true).withCornerMaps(true).withCutHeads(true)
                .withOrient("canonical-scaled").withZoom(1.2).withAux(List.of(TrainerConfig.AuxSet.parse("t3-two-corners:10:T3")));

        Map<String, Object> report = Trainer.train(config, (phase, done, total) -> { });

        assertThat(report).containsKeys("curve", "validation", "test", "speed");
        assertThat((Map<String, Object>) report.get("speed")).as("space-to-depth and corner maps: DL4J trains, two averaged copies, and serves in floats")
                .containsEntry("trainingEngine", "dl4j").containsEntry("inferencePrecision", "f32");
        assertThat(ModelMetadata.read(dir.resolve("model").resolve(ModelMetadata.FILE)).int8()).as("no integers through DL4J's layers").isNull();
        assertThat((Map<String, Object>) ModelMetadata.read(dir.resolve("model").resolve(ModelMetadata.FILE)).training())
                .containsEntry("cornerMaps", true).containsEntry("cutHeads", true).containsEntry("spaceToDepth", 2).containsEntry("replicas", 2);
        Map<String, Object> crop = (Map<String, Object>) ModelMetadata.read(dir.resolve("model").resolve(ModelMetadata.FILE)).training().get("crop");
        assertThat(crop).as("corner maps on a turned and scaled crop: the corners are mapped into it").containsEntry("cornersOutside", 0.0);
        assertThat((Integer) crop.get("images")).isPositive();
        assertThat((List<?>) report.get("curve")).isNotEmpty();
        assertThat(dir.resolve("model").resolve(Trainer.REPORT_FILE)).isRegularFile();
        assertThat(dir.resolve("model").resolve(ReportPlots.CURVE)).isRegularFile();
        assertThat(javax.imageio.ImageIO.read(dir.resolve("model").resolve("confusion-T2.png").toFile()).getWidth()).isGreaterThan(300);
        assertThat(DatasetCache.file(dir.resolve("cache"), "seed-benchmark", 40, 7)).isRegularFile();

        CnnModel model = CnnModel.load(dir.resolve("model"));
        ModelMetadata.Acquisition conditions = model.metadata().acquisition();
        assertThat(conditions.pixelSizeNm()).as("seed-benchmark's pixel size").isEqualTo(0.25);
        assertThat(conditions.dose()).as("seed-benchmark's dose").isEqualTo(10);
        // 3 nm of carbon at (6 / 79)^1.7 per nm: 0.0375 nm of gold
        assertThat(conditions.filmGoldNm()).as("seed-benchmark's film").isCloseTo(0.0375, within(1e-4));
        assertThat(model.graph().getVertex(org.stemstream.consumers.cnn.MultiTaskNet.SPACE_TO_DEPTH)).isNotNull(); // kept by the folding
        assertThat(org.stemstream.consumers.cnn.BatchNormFolding.hasBatchNorm(model.graph())).isFalse();
        LabelledImages test = DatasetCache.load(dir.resolve("cache"), "seed-benchmark", 12, config.testSeed(), null);
        assertThat(test.k()).containsExactly(DatasetCache.render("seed-benchmark", 12, config.testSeed(), null).k());
        StemImage image = StemImage.newBuilder().setImageId("i").setRequestId("r").setObjectId("o").setCampaignId("c")
                .setSource(ImageSource.SIMULATED).setWidth(test.width()).setHeight(test.height()).setPixelSizeNm(0.25)
                .setEncoding(PixelEncoding.UINT16).setPixels(Pixels.uint16(test.image(0)))
                .setImaging(org.stemstream.schemas.avro.ImagingParameters.newBuilder().setDose(10.0).build()).build(); // as trained: left as it is
        List<TaskPrediction> predictions = model.predict(List.of(image)).get(0);

        assertThat(predictions).extracting(TaskPrediction::getTask).containsExactly("T1", "T2", "T3", "T4");
        assertThat(predictions.get(1).getProbabilities()).hasSize(9);
        assertThat(predictions.get(1).getProbabilities().stream().mapToDouble(Double::doubleValue).sum())
                .isBetween(0.999, 1.001);
        assertThat(model.probabilities(List.of(test.image(0)))[1][0][0])
                .isEqualTo(predictions.get(1).getProbabilities().get(0).floatValue());
        assertThat(ModelMetadata.read(dir.resolve("model").resolve(ModelMetadata.FILE)).preprocessing().outputSize()).isEqualTo(28);
        assertThat(model.metadata().tasks()).as("every head saved with its training prior")
                .allSatisfy(head -> assertThat(head.trainingPrior()).hasSameSizeAs(head.classes()));
    }

    @Test
    void aTimeBudgetShorterThanAnEpochStillTrainsOneEpochAndSaves(@TempDir Path dir) throws Exception {
        TrainerConfig config = TrainerConfig.defaults("seed-benchmark", 20, 3, 7, dir.resolve("model"))
                .withTestCount(4).withShapes("mixed-shapes", 0).withNetwork(new int[] {2}, 1, false, 112, 4)
                .withTraining(8, 2e-3, 0.9, 3).withCacheDir(dir.resolve("cache")).withTimeBudget(java.time.Duration.ofMillis(1));

        Map<String, Object> report = Trainer.train(config, (phase, done, total) -> { });

        assertThat((List<?>) report.get("curve")).hasSize(1);
        assertThat(dir.resolve("model").resolve(ModelMetadata.MODEL_FILE)).isRegularFile();
    }

    /**
     * {@code principal-scaled} and {@code canonical-scaled}: the model states a crop turned to the
     * particle's axis (and flipped to its moments) and scaled to the training images' median radius
     * of gyration, times the zoom. A seed-benchmark cuboid of edges 8-14 nm (32-56 pixels) has a projected radius of
     * gyration of about 0.4 of an edge: 13 to 24 pixels.
     */
    @ParameterizedTest
    @CsvSource({"principal-scaled, principal, 4, 1", "canonical-scaled, canonical, 1, 1.25"})
    void anOrientedRunStatesItsTurnAndSizeAndServesWithItsSymmetries(String orient, String cropOrient, int symmetries, double zoom,
                                                                       @TempDir Path dir) throws Exception {
        TrainerConfig config = TrainerConfig.defaults("seed-benchmark", 20, 1, 7, dir.resolve("model"))
                .withTestCount(4).withShapes("mixed-shapes", 0).withNetwork(new int[] {2}, 1, false, 112, 4)
                .withTraining(8, 2e-3, 0.9, 3).withCacheDir(dir.resolve("cache")).withOrient(orient).withZoom(zoom);

        Trainer.train(config, (phase, done, total) -> { });

        org.stemstream.consumers.cnn.Preprocessing pre = ModelMetadata.read(dir.resolve("model").resolve(ModelMetadata.FILE)).preprocessing();
        assertThat(pre.orient()).isEqualTo(cropOrient);
        assertThat(pre.radius()).isBetween(13.0 * zoom, 24.0 * zoom);
        CnnModel tta = CnnModel.load(dir.resolve("model"), true);
        assertThat(tta.symmetries()).isEqualTo(symmetries);
        assertThat(tta.testTimeAugmentation()).contains(symmetries > 1 ? symmetries + " symmetries" : "scored once");
        LabelledImages images = DatasetCache.render("seed-benchmark", 2, 99, (done, total) -> { });
        float[] p = tta.probabilities(List.of(images.image(0), images.image(1)))[1][1];
        assertThat((double) p[0] + p[1] + p[2] + p[3] + p[4] + p[5] + p[6] + p[7] + p[8]).isCloseTo(1.0, within(1e-4));
        assertThatThrownBy(() -> config.withOrient("none-scaled")).hasMessageContaining("only a turned crop is scaled");
        assertThatThrownBy(() -> config.withOrient("canonical-sized")).hasMessageContaining("orient 'canonical-sized'");
        assertThatThrownBy(() -> config.withOrient("canonical").withZoom(1.25)).hasMessageContaining("only with a scaled crop");
    }

    /**
     * A small run must learn: on t1-easy (half undeformed, half with all corners cut deep; chance
     * is 50 %) a few hundred images and a dozen epochs of a small batch-normalised net clearly beat
     * chance on held-out images (about 70 % measured; p < 0.001 for 60 % at chance).
     */
    @Test
    void aSmallRunClearlyBeatsChanceOnT1(@TempDir Path dir) throws Exception {
        TrainerConfig config = TrainerConfig.defaults("t1-easy", 500, 12, 11, dir.resolve("model"))
                .withTestCount(200).withShapes("mixed-shapes", 0).withNetwork(new int[] {8, 16, 32}, 1, true, 112, 4)
                .withTraining(32, 3e-3, 0.9, 12).withCacheDir(dir.resolve("cache"));

        Map<String, Object> report = Trainer.train(config, (phase, done, total) -> { });

        TaskScore t1 = Evaluator.task((List<TaskScore>) report.get("test"), "T1");
        assertThat(t1.count()).isEqualTo(200);
        assertThat(t1.accuracy()).as("T1 test accuracy (chance 0.5)").isGreaterThan(0.6);
        assertThat((Map<String, Object>) report.get("speed")).as("a batch-normalised net trains on oneDNN directly, and is served in integers")
                .containsEntry("trainingEngine", "onednn").containsEntry("inferencePrecision", "int8");
        ModelMetadata.Int8Scales scales = ModelMetadata.read(dir.resolve("model").resolve(ModelMetadata.FILE)).int8();
        assertThat(scales.inputMaxima()).as("one scale per convolution: 3 stages of 1").hasSize(3);
        assertThat(scales.calibration()).as("calibrated on the training images").containsEntry("count", report.get("trainCount"));
        assertThat(CnnModel.load(dir.resolve("model")).precision()).isEqualTo(CnnModel.INT8);
    }

    @Test
    void freshEpochsSeeNewImagesOfTheSameMix() {
        TrainerConfig config = TrainerConfig.defaults("seed-benchmark", 30, 3, 7, Path.of("unused")).withShapes("mixed-shapes", 10);
        LabelledImages second = Trainer.epochSet(config, 2, 36, null);
        LabelledImages third = Trainer.epochSet(config, 3, 36, null);
        assertThat(second.count()).isEqualTo(36);
        assertThat(second.pixels()).isNotEqualTo(third.pixels());
        assertThat(second.pixels()).isNotEqualTo(DatasetCache.render("seed-benchmark", 30, 7, null).slice(0, 30).pixels());
        assertThat(java.util.Arrays.stream(second.shape()).filter(sh -> !sh.equals("cuboid")).count()).as("shapes mixed in").isPositive();
        assertThat(Trainer.epochSet(config, 2, 36, null).pixels()).as("reproducible").isEqualTo(second.pixels());
    }

    @Test
    void withFreshEveryNEachNewSetTrainsNEpochs() {
        TrainerConfig every = TrainerConfig.defaults("seed-benchmark", 30, 7, 7, Path.of("unused")).withFreshData(true);
        TrainerConfig second = every.withFreshEvery(2);
        TrainerConfig third = every.withFreshEvery(3);

        assertThat(java.util.stream.IntStream.rangeClosed(1, 7).filter(every::rendersAt)).containsExactly(2, 3, 4, 5, 6, 7);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 7).filter(second::rendersAt)).containsExactly(3, 5, 7);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 7).filter(third::rendersAt)).containsExactly(4, 7);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 7).filter(second.withFreshData(false)::rendersAt)).isEmpty();
        assertThatThrownBy(() -> every.withFreshEvery(0)).hasMessageContaining("at least 1");
    }

    @Test
    void auxiliarySetsTeachOnlyTheirTasks() {
        TrainerConfig config = TrainerConfig.defaults("seed-benchmark", 30, 3, 7, Path.of("unused")).withShapes("mixed-shapes", 0)
                .withAux(List.of(TrainerConfig.AuxSet.parse("t3-two-corners:20:T3")));
        LabelledImages set = Trainer.epochSet(config, 2, 50, null);
        int aux = 0;
        for (int i = 0; i < set.count(); i++) {
            if (set.teaches("T2", i)) {
                assertThat(set.label("T2", i)).isEqualTo(Integer.toString(set.k()[i]));
                continue;
            }
            aux++;
            assertThat(set.k()[i]).isEqualTo(2);
            assertThat(set.label("T3", i)).isNotNull();
            assertThat(set.label("T1", i)).isNull();
            assertThat(set.label("T2", i)).isNull();
            assertThat(set.label("T4", i)).isNull();
            assertThat(set.cornersKnown(i)).as("corner maps still learn from them").isTrue();
        }
        assertThat(aux).isEqualTo(20);
        assertThat(TrainerConfig.AuxSet.parse("t1-balanced:30:T1+T2").spec()).isEqualTo("t1-balanced:30:T1+T2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainerConfig.AuxSet.parse("t3-two-corners:many:T3"))
                .hasMessageContaining("not a number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainerConfig.AuxSet.parse("t3-two-corners:10:T9"))
                .hasMessageContaining("unknown task T9");
    }

    @Test
    void eachHeadsTrainingPriorIsItsClassesShareAmongTheImagesThatTeachItPlusOneOfEach() {
        // 24 t1-balanced images that teach only T1, then 12 t3-two-corners images that teach only T3
        LabelledImages t1 = DatasetCache.render("t1-balanced", 24, 5, null).forTasks(List.of("T1"));
        LabelledImages t3 = DatasetCache.render("t3-two-corners", 12, 6, null).forTasks(List.of("T3"));
        LabelledImages set = t1.concat(t3);
        long uncut = java.util.Arrays.stream(t1.k()).filter(k -> k == 0).count();
        long[] arrangements = new long[3];
        for (int a : t3.arrangement()) {
            arrangements[a]++;
        }

        List<ModelMetadata.TaskHead> heads = TrainingPriors.of(Trainer.HEADS, set, set.count());
        // the first 30 only: 24 T1 images and 6 T3 images
        List<ModelMetadata.TaskHead> first30 = TrainingPriors.of(Trainer.HEADS, set, 30);

        assertThat(heads.get(0).trainingPrior()).containsExactly((uncut + 1.0) / 26, (24 - uncut + 1.0) / 26);
        assertThat(heads.get(2).trainingPrior()).containsExactly((arrangements[0] + 1.0) / 15, (arrangements[1] + 1.0) / 15,
                (arrangements[2] + 1.0) / 15);
        assertThat(heads.get(1).trainingPrior()).as("no image teaches T2").isNull();
        assertThat(heads.get(3).trainingPrior()).as("no image teaches T4").isNull();
        assertThat(first30.get(2).trainingPrior().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-12));
        double sixPlusOneOfEach = 6 + 3;
        assertThat(first30.get(2).trainingPrior().get(0) * sixPlusOneOfEach)
                .isCloseTo(java.util.Arrays.stream(t3.arrangement()).limit(6).filter(a -> a == 0).count() + 1.0, within(1e-9));
    }

    @Test
    void dihedralVariantsArePermutations() {
        float[] src = new float[9];
        for (int i = 0; i < 9; i++) {
            src[i] = i;
        }
        for (int v = 0; v < 8; v++) {
            float[] dst = new float[9];
            org.stemstream.consumers.cnn.Dihedral.apply(src, 0, dst, 0, 3, v);
            assertThat(dst[4]).isEqualTo(4f);
            float sum = 0;
            for (float f : dst) {
                sum += f;
            }
            assertThat(sum).isEqualTo(36f);
        }
        float[] transposed = new float[9];
        org.stemstream.consumers.cnn.Dihedral.apply(src, 0, transposed, 0, 3, 4);
        assertThat(transposed).containsExactly(0, 3, 6, 1, 4, 7, 2, 5, 8);
    }

    @ParameterizedTest
    @CsvSource({
        "linear, 2e-3, 1.5e-3, 1e-3, 0.5e-3", // 2e-3 x 4/4, 3/4, 2/4, 1/4: down to rate / epochs in the last
        "cosine, 2e-3, 1.7071067811865475e-3, 1e-3, 0.29289321881345254e-3" // 2e-3 x (1 + cos(0, pi/4, pi/2, 3 pi/4)) / 2
    })
    void theScheduleSetsEachEpochsRateWhateverTheStep(String schedule, double first, double second, double third, double fourth) {
        TrainerConfig c = TrainerConfig.defaults("seed-benchmark", 1000, 4, 7, Path.of("unused")).withTraining(64, 2e-3, 0.9, 3)
                .withSchedule(schedule);
        org.nd4j.linalg.schedule.ISchedule rate = Trainer.learningRate(c);

        assertThat(rate.valueAt(0, 0)).isEqualTo(first);
        assertThat(rate.valueAt(20, 1)).isCloseTo(second, within(1e-15));
        assertThat(rate.valueAt(40, 2)).isCloseTo(third, within(1e-15));
        assertThat(rate.valueAt(63, 3)).isCloseTo(fourth, within(1e-15));
    }

    @Test
    void theExponentialScheduleDecaysByTheFactorPerEpochAndOtherNamesAreRefused() {
        TrainerConfig c = TrainerConfig.defaults("seed-benchmark", 1000, 4, 7, Path.of("unused")).withTraining(64, 2e-3, 0.9, 3);
        assertThat(Trainer.learningRate(c).valueAt(63, 3)).isCloseTo(2e-3 * 0.9 * 0.9 * 0.9, within(1e-15));
        assertThatThrownBy(() -> c.withSchedule("step")).hasMessageContaining("'step' is not exponential, linear or cosine");
    }
}
