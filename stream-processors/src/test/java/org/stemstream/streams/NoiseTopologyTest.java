package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.ProcessingStep;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Imaging;

/** The production noise topology and Streams configuration, driven by TopologyTestDriver. */
class NoiseTopologyTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final KafkaConnection connection = new KafkaConnection("unused:9092", "mock://" + UUID.randomUUID());
    private TopologyTestDriver driver;
    private TestInputTopic<String, StemImage> raw;
    private TestInputTopic<byte[], byte[]> rawBytes;
    private TestOutputTopic<String, StemImage> noisy;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        Properties props = StreamsApps.config(connection, NoiseProcessor.APPLICATION_ID, Topics.NOISE_DLQ, 1, "/tmp/unused-" + UUID.randomUUID());
        NoiseFunction noise = new NoiseFunction(Imaging.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        driver = new TopologyTestDriver(NoiseTopology.build(props, noise, connection.serdeConfig()), props);
        var serdes = connection.serdeConfig();
        raw = driver.createInputTopic(Topics.IMAGES_RAW.name(), Topics.IMAGES_RAW.keySerde(serdes).serializer(), Topics.IMAGES_RAW.valueSerde(serdes).serializer());
        rawBytes = driver.createInputTopic(Topics.IMAGES_RAW.name(), new ByteArraySerializer(), new ByteArraySerializer());
        noisy = driver.createOutputTopic(Topics.IMAGES_NOISY.name(), Topics.IMAGES_NOISY.keySerde(serdes).deserializer(), Topics.IMAGES_NOISY.valueSerde(serdes).deserializer());
        deadLetters = driver.createOutputTopic(Topics.NOISE_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static StemImage clean(long seed, ImagingParameters imaging) {
        float[] px = new float[32 * 32];
        for (int y = 8; y < 24; y++) {
            for (int x = 8; x < 24; x++) {
                px[y * 32 + x] = 10f; // 10 nm of gold
            }
        }
        return StemImage.newBuilder().setImageId("img-" + seed).setRequestId("req-" + seed).setObjectId("obj").setCampaignId("c")
                .setSource(ImageSource.SIMULATED).setSeed(seed).setWidth(32).setHeight(32).setPixelSizeNm(0.25)
                .setEncoding(PixelEncoding.FLOAT32).setPixels(Pixels.float32(px)).setImaging(imaging)
                .setProvenance(List.of(new ProcessingStep("simulator-worker", "projection", java.util.Map.of())))
                .setTimestamps(List.of(new StageTimestamp("simulator-worker", Instant.EPOCH)))
                .build();
    }

    @Test
    void turnsThicknessIntoCountsAndRecordsEveryStep() {
        ImagingParameters noCarbon = ImagingParameters.newBuilder().setDose(100.0).setProbeSigmaNm(0.0)
                .setCarbonFilm(new org.stemstream.schemas.avro.CarbonFilm(0.0, 0.0, 0.5)).build();
        raw.pipeInput("obj", clean(1, noCarbon));
        StemImage out = noisy.readValue();

        assertThat(out.getEncoding()).isEqualTo(PixelEncoding.UINT16);
        float[] counts = Pixels.decode(out);
        double inside = 0;
        for (int y = 8; y < 24; y++) {
            for (int x = 8; x < 24; x++) {
                inside += counts[y * 32 + x];
            }
        }
        // 256 pixels x 10 nm x 100 counts/nm = 256,000 expected counts; Poisson sd ~ 506
        assertThat(inside).isBetween(256_000 - 2_500.0, 256_000 + 2_500.0);
        assertThat(counts[0]).isZero();
        assertThat(out.getImaging().getDose()).isEqualTo(100.0);
        assertThat(out.getImaging().getProbeSigmaNm()).isEqualTo(0.0);
        assertThat(out.getImaging().getReadNoiseSigma()).as("the stage's default, filled in").isEqualTo(0.0);
        assertThat(out.getProvenance()).extracting(ProcessingStep::getStage).startsWith("simulator-worker")
                .contains(NoiseProcessor.APPLICATION_ID);
        assertThat(out.getProvenance()).extracting(ProcessingStep::getName).anySatisfy(n -> assertThat(n).isEqualTo("shot-noise"));
        assertThat(out.getTimestamps()).extracting(StageTimestamp::getStage).containsExactly("simulator-worker", NoiseProcessor.APPLICATION_ID);
        assertThat(out.getTimestamps().get(1).getAtMillis()).isEqualTo(NOW);
    }

    @Test
    void aBoxedProjectionGetsTheSameCountsAsItsFullFrame() {
        StemImage full = clean(7, null);
        StemImage boxed = Pixels.compact(Pixels.decode(full), 32, 32).applyTo(StemImage.newBuilder(full)).build();
        assertThat(boxed.getEncoding()).isEqualTo(PixelEncoding.FLOAT32_BOX);
        raw.pipeInput("obj", full);
        raw.pipeInput("obj", boxed);
        List<StemImage> out = noisy.readValuesToList();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).getEncoding()).isEqualTo(PixelEncoding.UINT16);
        assertThat(out.get(1).getPixels()).isEqualTo(out.get(0).getPixels());
        // no settings of its own: the stage's defaults, recorded on the output
        assertThat(out.get(0).getImaging()).isEqualTo(org.stemstream.schemas.mapping.RequestMapper.imaging(Imaging.defaults()));
        assertThat(out.get(0).getImaging().getDose()).isEqualTo(10.0);
    }

    @Test
    void theSameImageAndSeedGiveTheSameCountsAndAnotherSeedOthers() {
        raw.pipeInput("obj", clean(5, null));
        raw.pipeInput("obj", clean(5, null));
        raw.pipeInput("obj", clean(6, null));
        List<StemImage> out = noisy.readValuesToList();
        assertThat(out.get(0).getPixels()).isEqualTo(out.get(1).getPixels());
        assertThat(out.get(0).getPixels()).isNotEqualTo(out.get(2).getPixels());
    }

    @Test
    void acquiredImagesPassUntouched() {
        StemImage acquired = StemImage.newBuilder(clean(2, null)).setSource(ImageSource.ACQUIRED).setEncoding(PixelEncoding.UINT16)
                .setPixels(Pixels.uint16(new float[32 * 32])).build();
        raw.pipeInput("obj", acquired);
        assertThat(noisy.readValue()).isEqualTo(acquired);
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicAndTheAppKeepsGoing() {
        // Undeserializable bytes are skipped here; their dead letters are checked on a real broker
        // (NoiseDeadLetterIT), as TopologyTestDriver does not forward deserialization DLQ records.
        rawBytes.pipeInput("obj".getBytes(), "garbage".getBytes());
        StemImage wrongSize = StemImage.newBuilder(clean(3, null)).setWidth(31).build();
        raw.pipeInput("obj", wrongSize);
        raw.pipeInput("obj", clean(4, null));

        assertThat(noisy.readValuesToList()).extracting(StemImage::getImageId).containsExactly("img-4");
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("31x32"));
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.TOPIC)).contains(Topics.IMAGES_RAW.name());
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.OFFSET)).contains("1");
    }

    @Test
    void anOutputTooLargeForItsTopicGoesToTheDeadLetterTopicAndTheAppKeepsGoing() {
        // a 16 x 16 box in a 2048 x 2048 frame: a few bytes in, 8 MiB of counts out, over the topic limit
        float[] box = new float[16 * 16];
        java.util.Arrays.fill(box, 10f);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16 + 4 * box.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(1000).putInt(1000).putInt(16).putInt(16);
        for (float v : box) {
            bytes.putFloat(v);
        }
        StemImage large = StemImage.newBuilder(clean(8, null)).setWidth(2048).setHeight(2048)
                .setEncoding(PixelEncoding.FLOAT32_BOX).setPixels(bytes.rewind()).build();
        raw.pipeInput("obj", large);
        raw.pipeInput("obj", clean(9, null));

        assertThat(noisy.readValuesToList()).extracting(StemImage::getImageId).containsExactly("img-9");
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("over the limit"));
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.TOPIC)).contains(Topics.IMAGES_RAW.name());
    }
}
