package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.ProcessingStep;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;

/** The production augmentation topology and Streams configuration, driven by TopologyTestDriver. */
class AugmentTopologyTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final KafkaConnection connection = new KafkaConnection("unused:9092", "mock://" + UUID.randomUUID());
    private final Map<String, Object> serdes = connection.serdeConfig();
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, StemImage> noisy;
    private TestOutputTopic<String, StemImage> ready;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(AugmentSettings settings) {
        Properties props = StreamsApps.config(connection, AugmentProcessor.APPLICATION_ID, Topics.AUGMENT_DLQ, 1, stateDir.toString());
        AugmentFunction augment = new AugmentFunction(settings, Clock.fixed(NOW, ZoneOffset.UTC));
        driver = new TopologyTestDriver(AugmentTopology.build(props, augment, serdes), props);
        noisy = driver.createInputTopic(Topics.IMAGES_NOISY.name(), Topics.IMAGES_NOISY.keySerde(serdes).serializer(), Topics.IMAGES_NOISY.valueSerde(serdes).serializer());
        ready = driver.createOutputTopic(Topics.IMAGES_READY.name(), Topics.IMAGES_READY.keySerde(serdes).deserializer(), Topics.IMAGES_READY.valueSerde(serdes).deserializer());
        deadLetters = driver.createOutputTopic(Topics.AUGMENT_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Detector counts: a bright asymmetric blob on a background of about 20 counts. */
    private static StemImage counts(long seed, int width, int height) {
        float[] px = new float[width * height];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inside = x >= width / 4 && x < width / 2 + 3 && y >= height / 3 && y < 2 * height / 3;
                px[y * width + x] = (inside ? 400 : 20) + rnd.nextInt(10);
            }
        }
        return StemImage.newBuilder().setImageId("img-" + seed).setRequestId("req-" + seed).setObjectId("obj").setCampaignId("c")
                .setSource(ImageSource.SIMULATED).setSeed(seed).setWidth(width).setHeight(height).setPixelSizeNm(0.25)
                .setEncoding(PixelEncoding.UINT16).setPixels(Pixels.uint16(px))
                .setProvenance(List.of(new ProcessingStep(NoiseProcessor.APPLICATION_ID, "shot-noise", Map.of())))
                .setTimestamps(List.of(new StageTimestamp(NoiseProcessor.APPLICATION_ID, Instant.EPOCH)))
                .build();
    }

    private static double sum(float[] px) {
        double s = 0;
        for (float p : px) {
            s += p;
        }
        return s;
    }

    @Test
    void labelPreservingAugmentationPermutesTheCountsAndRecordsItsSteps() {
        start(AugmentSettings.labelPreserving());
        List<StemImage> in = LongStream.range(0, 16).mapToObj(seed -> counts(seed, 32, 24)).toList();
        in.forEach(image -> noisy.pipeInput("obj", image));
        List<StemImage> out = ready.readValuesToList();

        assertThat(out).hasSize(16);
        boolean anyChanged = false;
        for (int i = 0; i < out.size(); i++) {
            StemImage o = out.get(i);
            float[] before = Pixels.decode(in.get(i));
            float[] after = Pixels.decode(o);
            assertThat(o.getEncoding()).isEqualTo(PixelEncoding.UINT16);
            assertThat(sum(after)).isEqualTo(sum(before));
            float[] a = after.clone();
            float[] b = before.clone();
            Arrays.sort(a);
            Arrays.sort(b);
            assertThat(a).containsExactly(b);
            assertThat(o.getWidth() * o.getHeight()).isEqualTo(32 * 24);
            assertThat(o.getProvenance().get(0).getName()).isEqualTo("shot-noise");
            assertThat(o.getProvenance().subList(1, o.getProvenance().size())).allSatisfy(s -> {
                assertThat(s.getStage()).isEqualTo(AugmentProcessor.APPLICATION_ID);
                assertThat(s.getName()).isIn("flip-horizontal", "flip-vertical", "rotate-90");
            });
            assertThat(o.getTimestamps()).extracting(StageTimestamp::getStage)
                    .containsExactly(NoiseProcessor.APPLICATION_ID, AugmentProcessor.APPLICATION_ID);
            assertThat(o.getTimestamps().get(1).getAtMillis()).isEqualTo(NOW);
            anyChanged |= !Arrays.equals(after, before);
        }
        assertThat(anyChanged).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameImage() {
        start(AugmentSettings.training());
        noisy.pipeInput("obj", counts(3, 32, 32));
        noisy.pipeInput("obj", counts(3, 32, 32));
        List<StemImage> out = ready.readValuesToList();
        assertThat(out.get(0)).isEqualTo(out.get(1));
        assertThat(out.get(0).getProvenance()).extracting(ProcessingStep::getName).contains("rotate", "gain", "contrast");
    }

    @Test
    void acquiredImagesPassUntouched() {
        start(AugmentSettings.training());
        StemImage acquired = StemImage.newBuilder(counts(4, 32, 32)).setSource(ImageSource.ACQUIRED).setRequestId(null).build();
        noisy.pipeInput("obj", acquired);
        assertThat(ready.readValue()).isEqualTo(acquired);
    }

    @Test
    void smallRotationsKeepTheSizeAndRoughlyTheTotalIntensity() {
        start(AugmentSettings.none().withMaxRotationDeg(10));
        for (long seed = 0; seed < 4; seed++) {
            StemImage in = counts(seed, 40, 30);
            noisy.pipeInput("obj", in);
            StemImage out = ready.readValue();
            assertThat(out.getWidth()).isEqualTo(40);
            assertThat(out.getHeight()).isEqualTo(30);
            assertThat(out.getEncoding()).isEqualTo(PixelEncoding.UINT16);
            assertThat(sum(Pixels.decode(out))).isCloseTo(sum(Pixels.decode(in)), withPercentage(2));
            assertThat(out.getProvenance()).extracting(ProcessingStep::getName).containsExactly("shot-noise", "rotate");
        }
    }

    @Test
    void cropsMakeSmallerImages() {
        start(AugmentSettings.none().withCrop(24));
        noisy.pipeInput("obj", counts(5, 32, 20));
        StemImage out = ready.readValue();
        assertThat(out.getWidth()).isEqualTo(24);
        assertThat(out.getHeight()).isEqualTo(20);
        assertThat(Pixels.decode(out)).hasSize(24 * 20);
    }

    @Test
    void aCorruptImageGoesToTheDeadLetterTopicAndTheAppKeepsGoing() {
        start(AugmentSettings.labelPreserving());
        noisy.pipeInput("obj", StemImage.newBuilder(counts(6, 32, 32)).setHeight(31).build());
        noisy.pipeInput("obj", counts(7, 32, 32));

        assertThat(ready.readValuesToList()).extracting(StemImage::getImageId).containsExactly("img-7");
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("32x31"));
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.TOPIC)).contains(Topics.IMAGES_NOISY.name());
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.OFFSET)).contains("0");
    }

    @Test
    void anOutputTooLargeForItsTopicGoesToTheDeadLetterTopicAndTheAppKeepsGoing() {
        start(AugmentSettings.labelPreserving());
        // 1500 x 1500 float pixels are 9 MB, over the 8 MiB topic limit (none zero: no box can shrink them)
        float[] pixels = new float[1500 * 1500];
        java.util.Arrays.fill(pixels, 1f);
        StemImage huge = StemImage.newBuilder(counts(8, 1500, 1500)).setEncoding(PixelEncoding.FLOAT32)
                .setPixels(Pixels.float32(pixels)).build();
        noisy.pipeInput("obj", huge);
        noisy.pipeInput("obj", counts(9, 32, 32));

        assertThat(ready.readValuesToList()).extracting(StemImage::getImageId).containsExactly("img-9");
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("over the limit"));
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.TOPIC)).contains(Topics.IMAGES_NOISY.name());
        assertThat(dead.get(0).key()).isEqualTo("obj".getBytes());
        assertThat(dead.get(0).value()).as("the 9 MB input would not fit the dead-letter topic").isNull();
    }
}
