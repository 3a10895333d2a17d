package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;

/**
 * The shipped model on t1-balanced particles imaged under other conditions than its training
 * images (0.25 nm pixels, 128 x 128, dose 10, the particle near the centre): the classifier brings
 * them to its conditions and scores them about as well as images taken in them; taken as they
 * come, they score far worse.
 * The same particles under every condition, so the accuracies differ by the conditions only.
 */
class ShippedModelConditionsTest {
    private static final int COUNT = 200;
    private static CnnModel model;

    @BeforeAll
    static void load() throws Exception {
        model = CnnModel.load(Path.of("..", "models", "stem-cnn"));
    }

    private record Shots(List<StemImage> images, List<Boolean> deformed) {
    }

    /** The COUNT particles imaged as {@code conditions} says; each image states its dose if {@code statesDose}. */
    private static Shots shots(UnaryOperator<SimulationSpec> conditions, boolean statesDose) {
        List<StemImage> images = new ArrayList<>();
        List<Boolean> deformed = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            SimulationSpec spec = conditions.apply(Scenarios.named("t1-balanced").sample(900_000 + i));
            float[] counts = Simulator.render(spec).image().pixels();
            images.add(StemImage.newBuilder().setImageId("i" + i).setRequestId("r" + i).setObjectId("o" + i).setCampaignId("c")
                    .setSource(ImageSource.SIMULATED).setWidth(spec.width()).setHeight(spec.height()).setPixelSizeNm(spec.pixelSizeNm())
                    .setEncoding(PixelEncoding.FLOAT32).setPixels(Pixels.float32(counts))
                    .setImaging(statesDose ? ImagingParameters.newBuilder().setDose(spec.imaging().dose()).build() : null)
                    .build());
            deformed.add(Labels.deformedCount(spec.particle()) > 0);
        }
        return new Shots(images, deformed);
    }

    private static double t1Accuracy(Shots shots) {
        List<List<TaskPrediction>> predictions = model.predict(shots.images());
        int right = 0;
        for (int i = 0; i < COUNT; i++) {
            TaskPrediction t1 = predictions.get(i).stream().filter(p -> p.getTask().equals("T1")).findFirst().orElseThrow();
            right += t1.getPredicted().equals("deformed") == shots.deformed().get(i) ? 1 : 0;
        }
        return right / (double) COUNT;
    }

    /** T1 accuracy of the frames as they come, not brought to the model's conditions. */
    private static double t1AccuracyUnadapted(Shots shots) {
        List<AcquisitionAdapter.Frame> frames = shots.images().stream()
                .map(s -> new AcquisitionAdapter.Frame(Pixels.decode(s), s.getWidth(), s.getHeight())).toList();
        float[][] t1 = model.probabilitiesOfFrames(frames)[0];
        int right = 0;
        for (int i = 0; i < COUNT; i++) {
            right += (t1[i][1] > t1[i][0]) == shots.deformed().get(i) ? 1 : 0;
        }
        return right / (double) COUNT;
    }

    private static Imaging withDose(Imaging i, double dose) {
        return new Imaging(i.probeSigmaNm(), dose, i.carbon(), i.readNoiseSigma(), i.scanJitterPx());
    }

    @Test
    void imagesTakenOtherwiseAreBroughtToTheModelsConditions() {
        assertThat(model.metadata().acquisition()).as("as the trainer states seed-benchmark's conditions")
                .isEqualTo(new ModelMetadata.Acquisition(0.25, 10, org.stemstream.simulator.scenario.BenchmarkSettings.CARBON.goldEquivalentNm()));
        double asTrained = t1Accuracy(shots(s -> s, true));
        // 256 x 256 pixels of 0.125 nm, the same field of view and electrons per nm^2 (the simulator's dose is per pixel)
        Shots finer = shots(s -> s.withRaster(256, 256, 0.125).withImaging(withDose(s.imaging(), 2.5)), true);
        double finerAdapted = t1Accuracy(finer);
        double finerAsTheyCome = t1AccuracyUnadapted(finer);
        double widerField = t1Accuracy(shots(s -> s.withRaster(200, 200, 0.2), true)); // 40 nm across, resampled to 160 x 160
        // the particle 18 nm from the centre of a 64 nm field; and 13 nm from the centre of a 51 nm field of 0.1 nm pixels
        Shots offCentre = shots(s -> s.withRaster(256, 256, 0.25).withOffset(14 + s.offsetXNm(), -12 + s.offsetYNm()), true);
        double offCentreFound = t1Accuracy(offCentre);
        double offCentreAsItComes = t1AccuracyUnadapted(offCentre);
        double offCentreFine = t1Accuracy(shots(s -> s.withRaster(512, 512, 0.1).withOffset(-8 + s.offsetXNm(), 10 + s.offsetYNm()), true));
        Shots brighter = shots(s -> s.withImaging(withDose(s.imaging(), 40)), true);
        double brighterScaled = t1Accuracy(brighter);
        double brighterAsTheyCome = t1AccuracyUnadapted(brighter);
        // a detector without a calibration: the dose is read off the film in the frame's border
        double brighterUnstated = t1Accuracy(shots(s -> s.withImaging(withDose(s.imaging(), 40)), false));
        double finerUnstated = t1Accuracy(shots(s -> s.withRaster(256, 256, 0.125).withImaging(withDose(s.imaging(), 2.5)), false));

        assertThat(asTrained).as("as trained").isGreaterThan(0.88);
        assertThat(finerAdapted).as("0.125 nm pixels, resampled").isGreaterThan(asTrained - 0.06);
        // the crop scaled to the particle's size undoes most of the finer raster by itself: what is left
        // of it as they come is a quarter of the counts per pixel (version 9: 49.5 %, version 15: 88 %)
        assertThat(finerAsTheyCome).as("0.125 nm pixels read as 0.25 nm").isLessThan(finerAdapted - 0.05);
        assertThat(widerField).as("200 x 200 pixels of 0.2 nm").isGreaterThan(asTrained - 0.06);
        assertThat(offCentreFound).as("off centre in 256 x 256, windowed").isGreaterThan(asTrained - 0.06);
        assertThat(offCentreAsItComes).as("off centre in 256 x 256, the whole frame").isLessThan(asTrained - 0.15);
        assertThat(offCentreFine).as("off centre in 512 x 512 of 0.1 nm").isGreaterThan(asTrained - 0.06);
        assertThat(brighterScaled).as("dose 40, scaled").isGreaterThan(asTrained - 0.06);
        assertThat(brighterAsTheyCome).as("dose 40 as it comes").isLessThan(brighterScaled);
        assertThat(brighterUnstated).as("dose 40, not stated").isGreaterThan(asTrained - 0.06).isGreaterThan(brighterAsTheyCome + 0.02);
        assertThat(finerUnstated).as("0.125 nm pixels at dose 2.5, not stated").isGreaterThan(asTrained - 0.06);
    }

    /**
     * Two particles side by side in a 64 x 32 nm frame, 16 nm left and right of its centre, each
     * pair one intact (k = 0) and one cut (k >= 1): each is found near its place and classified on its own.
     */
    @Test
    void everyParticleOfAFrameIsScoredInAWindowOfItsOwn() {
        List<StemImage> frames = new ArrayList<>();
        List<Boolean> deformed = new ArrayList<>();
        int pairs = 40;
        int seed = 910_000;
        for (int i = 0; i < pairs; i++) {
            SimulationSpec left;
            SimulationSpec right;
            do {
                left = Scenarios.named("t1-balanced").sample(seed++);
            } while (Labels.deformedCount(left.particle()) != 0);
            do {
                right = Scenarios.named("t1-balanced").sample(seed++);
            } while (Labels.deformedCount(right.particle()) == 0);
            left = left.withRaster(256, 128, 0.25).withOffset(-16 + left.offsetXNm(), left.offsetYNm());
            right = right.withRaster(256, 128, 0.25).withOffset(16 + right.offsetXNm(), right.offsetYNm());
            float[] thickness = Simulator.project(left).pixels().clone();
            float[] other = Simulator.project(right).pixels();
            for (int p = 0; p < thickness.length; p++) {
                thickness[p] += other[p];
            }
            float[] counts = Simulator.applyNoise(org.stemstream.simulator.Image.of(256, 128, thickness), left.imaging(), 0.25, left.seed())
                    .image().pixels();
            frames.add(StemImage.newBuilder().setImageId("pair" + i).setRequestId("r" + i).setObjectId("o" + i).setCampaignId("c")
                    .setSource(ImageSource.ACQUIRED).setWidth(256).setHeight(128).setPixelSizeNm(0.25)
                    .setEncoding(PixelEncoding.FLOAT32).setPixels(Pixels.float32(counts)).build());
        }
        List<org.stemstream.consumers.ImageModel.Answer> answers = model.answer(frames);
        int right = 0;
        for (var answer : answers) {
            assertThat(answer.particles()).hasSize(2);
            assertThat(answer.predictions()).isEqualTo(answer.particles().get(0).getPredictions());
            for (var particle : answer.particles()) {
                boolean onTheLeft = particle.getXNm() < 32;
                assertThat(particle.getXNm()).isCloseTo(onTheLeft ? 16 : 48, within(3.0));
                assertThat(particle.getYNm()).isCloseTo(16, within(3.0));
                String t1 = particle.getPredictions().stream().filter(p -> p.getTask().equals("T1")).findFirst().orElseThrow().getPredicted();
                right += t1.equals(onTheLeft ? "not-deformed" : "deformed") ? 1 : 0;
            }
        }
        assertThat(right / (2.0 * pairs)).as("T1 of each particle on its own").isGreaterThan(0.85);
    }

    @Test
    void pixelsMoreThanTwiceTheModelsAreRefusedWithTheReason() {
        Shots coarse = shots(s -> s.withRaster(48, 48, 0.6), true);
        assertThatThrownBy(() -> model.predict(coarse.images().subList(0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image i0 has 0.6 nm pixels, more than 2 times the model's 0.25 nm");
    }
}
