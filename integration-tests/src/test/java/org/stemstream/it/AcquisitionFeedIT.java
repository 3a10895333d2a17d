package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.AcquisitionFeed;
import org.stemstream.producers.feed.FeedConfig;
import org.stemstream.producers.feed.FeedLedger;
import org.stemstream.producers.feed.Sidecar;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.io.PixelScaling;
import org.stemstream.simulator.io.TiffWriter;

/**
 * The acquisition feed on a real broker and registry: good files become ACQUIRED images on
 * images-raw, bad ones dead letters on feed-dlq, each file moves to sent/ or failed/, and a
 * restarted feed sends nothing twice (a file copied back is recognised from the ledger and moved;
 * a transaction interrupted by a crash is settled from the broker).
 */
@ExtendWith(StemInfrastructure.class)
class AcquisitionFeedIT {
    @TempDir
    Path dir;

    @Test
    void publishesAcquiredImagesDeadLettersBadFilesAndSendsNothingTwiceAfterARestart(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String campaign = "it-feed-" + UUID.randomUUID().toString().substring(0, 8);
        float[] counts = ramp(48, 32, 37);
        Files.write(dir.resolve("a.tif"), TiffWriter.encode(Image.of(48, 32, counts), PixelScaling.COUNTS, null));
        Files.write(dir.resolve("b.png"), png16(20, 10, ramp(20, 10, 911)));
        Files.write(dir.resolve("c.tif"), TiffWriter.encode(Image.of(16, 16, ramp(16, 16, 5)), PixelScaling.COUNTS, null));
        Files.writeString(dir.resolve("c.json"), "{\"pixelSizeNm\": 0.07, \"dose\": 15000, \"sampleId\": \"" + campaign + "-grid\"}");
        byte[] noise = new byte[5000];
        new Random(1).nextBytes(noise);
        Files.write(dir.resolve("noise.tif"), noise);
        byte[] cut = Arrays.copyOf(png16(64, 64, ramp(64, 64, 13)), 300);
        Files.write(dir.resolve("cut.png"), cut);

        FeedConfig config = FeedConfig.of(kafka, dir, 0.2)
                .withPollInterval(Duration.ofMillis(200)).withCampaignId(campaign);
        try (AcquisitionFeed feed = new AcquisitionFeed(config).start()) {
            awaitFeed(feed, () -> feed.sent() + feed.deadLettered() >= 5);
            assertThat(feed.sent()).isEqualTo(3);
            assertThat(feed.deadLettered()).isEqualTo(2);
        }

        List<StemImage> images = images(kafka, campaign);
        assertThat(images).hasSize(3).allSatisfy(i -> {
            assertThat(i.getSource()).isEqualTo(ImageSource.ACQUIRED);
            assertThat(i.getTruth()).isNull();
            assertThat(i.getRequestId()).isNull();
            assertThat(i.getEncoding()).isEqualTo(PixelEncoding.UINT16);
        });
        assertThat(images).extracting(StemImage::getObjectId).as("each file its own object: name and the tag of its bytes")
                .allMatch(id -> id.matches(".+@[0-9a-f]{8}"));
        Map<String, StemImage> byObject = images.stream().collect(Collectors.toMap(i -> i.getObjectId().replaceFirst("@[0-9a-f]{8}$", ""), i -> i));
        assertThat(byObject).containsOnlyKeys("a.tif", "b.png", campaign + "-grid/c.tif");
        assertThat(Pixels.decode(byObject.get("a.tif"))).containsExactly(counts);
        assertThat(byObject.get("a.tif").getPixelSizeNm()).isEqualTo(0.2);
        assertThat(byObject.get(campaign + "-grid/c.tif").getPixelSizeNm()).isEqualTo(0.07);
        assertThat(byObject.get(campaign + "-grid/c.tif").getProvenance().get(0).getParameters()).containsEntry("dose", 15000.0);

        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(kafka);
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("noise.tif", "cut.png");
        assertThat(dead).allSatisfy(r -> {
            String name = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(r.value()).isEqualTo(name.equals("noise.tif") ? noise : cut);
            assertThat(DeadLetters.reason(r.headers())).hasValueSatisfying(reason -> assertThat(reason).contains(name));
            assertThat(DeadLetters.header(r.headers(), DeadLetters.EXCEPTION)).isPresent();
            assertThat(DeadLetters.header(r.headers(), DeadLetters.OFFSET)).contains("-1");
        });

        assertThat(names(dir.resolve("sent"))).containsExactlyInAnyOrder("a.tif", "b.png", "c.tif", "c.json");
        assertThat(names(dir.resolve("failed"))).containsExactlyInAnyOrder("noise.tif", "cut.png");

        Files.copy(dir.resolve("sent/a.tif"), dir.resolve("a.tif"));
        try (AcquisitionFeed again = new AcquisitionFeed(config).start()) {
            awaitFeed(again, () -> again.duplicates() >= 1);
            assertThat(again.sent()).isZero();
            assertThat(again.deadLettered()).isZero();
        }
        assertThat(dir.resolve("a.tif")).doesNotExist();
        assertThat(dir.resolve("sent/a." + byObject.get("a.tif").getImageId() + ".tif")).exists();
        assertThat(images(kafka, campaign)).hasSize(3);
        assertThat(deadLetters(kafka)).hasSize(2);
    }

    /**
     * A feed killed between produce and commit leaves ledger entries without an outcome: start-up
     * asks the broker. Here one transaction committed (its file must not be sent again) and one was
     * left open, as by a crash (the new feed's initTransactions aborts it, so its file is sent again).
     */
    @Test
    void aCrashBetweenProduceAndCommitIsSettledFromTheBroker(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String campaign = "it-feed-crash-" + UUID.randomUUID().toString().substring(0, 8);
        FeedConfig config = FeedConfig.of(kafka, dir, 0.2)
                .withPollInterval(Duration.ofMillis(200)).withCampaignId(campaign);
        byte[] committed = TiffWriter.encode(Image.of(8, 8, ramp(8, 8, 3)), PixelScaling.COUNTS, null);
        byte[] open = TiffWriter.encode(Image.of(8, 8, ramp(8, 8, 4)), PixelScaling.COUNTS, null);
        Files.write(dir.resolve("committed.tif"), committed);
        Files.write(dir.resolve("open.tif"), open);
        String transactionalId;
        try (AcquisitionFeed unstarted = new AcquisitionFeed(config)) {
            transactionalId = unstarted.transactionalId();
        }

        var serializer = Topics.IMAGES_RAW.valueSerde(kafka.serdeConfig()).serializer();
        List<FeedLedger.Entry> entries = new ArrayList<>();
        KafkaProducer<byte[], byte[]> crashed = new KafkaProducer<>(kafka.producer(transactionalId, transactionalId),
                new ByteArraySerializer(), new ByteArraySerializer());
        crashed.initTransactions();
        for (String name : List.of("committed.tif", "open.tif")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(name));
            String id = AcquiredImages.imageId(name, AcquiredImages.sha256().digest(bytes), bytes.length, null);
            StemImage image = AcquiredImages.toStemImage(id, name, AcquiredImages.decode(bytes, name), Sidecar.NONE, 0.2, campaign, Instant.now());
            crashed.beginTransaction();
            RecordMetadata m = crashed.send(new ProducerRecord<>(Topics.IMAGES_RAW.name(), image.getObjectId().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(Topics.IMAGES_RAW.name(), image))).get();
            entries.add(new FeedLedger.Entry(id, FeedLedger.Outcome.SENT, m.topic(), m.partition(), m.offset(), name));
            if (name.equals("committed.tif")) {
                crashed.commitTransaction();
            }
        }
        crashed.close(Duration.ZERO); // a crash: the second transaction stays open
        try (FeedLedger ledger = FeedLedger.open(dir.resolve(FeedLedger.FILE_NAME))) {
            ledger.published(entries);
        }

        try (AcquisitionFeed feed = new AcquisitionFeed(config).start()) {
            awaitFeed(feed, () -> feed.sent() >= 1 && feed.duplicates() >= 1);
            assertThat(feed.sent()).isEqualTo(1);
            assertThat(feed.duplicates()).isEqualTo(1);
        }
        assertThat(images(kafka, campaign)).extracting(StemImage::getImageId)
                .containsExactlyInAnyOrder(entries.get(0).imageId(), entries.get(1).imageId());
        assertThat(names(dir.resolve("sent"))).containsExactlyInAnyOrder("committed.tif", "open.tif");
    }

    /**
     * A multi-page TIFF (a tilt series) is published as its frames, all in the file's one
     * transaction, under one key; with no default pixel size, a file that states none is
     * dead-lettered with the reason.
     */
    @Test
    void aStacksFramesArePublishedTogetherAsTheViewsOfOneObject(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String campaign = "it-feed-stack-" + UUID.randomUUID().toString().substring(0, 8);
        float[][] frames = {ramp(24, 16, 3), ramp(24, 16, 5), ramp(24, 16, 7)};
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream tiff = ImageIO.createImageOutputStream(dir.resolve("tilt.tif").toFile())) {
            writer.setOutput(tiff);
            writer.prepareWriteSequence(null);
            for (float[] frame : frames) {
                writer.writeToSequence(new IIOImage(grey16(24, 16, frame), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        Files.writeString(dir.resolve("tilt.json"), "{\"pixelSizeNm\": 0.25, \"objectId\": \"" + campaign + "-p1\"}");
        Files.write(dir.resolve("uncalibrated.tif"), TiffWriter.encode(Image.of(8, 8, ramp(8, 8, 1)), PixelScaling.COUNTS, null));

        FeedConfig config = FeedConfig.of(kafka, dir, Double.NaN).withPollInterval(Duration.ofMillis(200)).withCampaignId(campaign);
        try (AcquisitionFeed feed = new AcquisitionFeed(config).start()) {
            awaitFeed(feed, () -> feed.sent() + feed.deadLettered() >= 2);
            assertThat(feed.sent()).as("files").isEqualTo(1);
            assertThat(feed.deadLettered()).isEqualTo(1);
        }

        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(kafka, Topics.IMAGES_RAW).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(campaign + "-p1")).toList();
        assertThat(records).hasSize(3).extracting(ConsumerRecord::partition).as("one key, one partition").containsOnly(records.get(0).partition());
        List<StemImage> images = images(kafka, campaign);
        assertThat(images).extracting(StemImage::getViewIndex).containsExactly(0, 1, 2);
        assertThat(images).extracting(StemImage::getViewsExpected).containsOnly(3);
        assertThat(images.get(0).getImageId()).endsWith("-f0");
        for (int i = 0; i < 3; i++) {
            assertThat(Pixels.decode(images.get(i))).containsExactly(frames[i]);
        }
        assertThat(deadLetters(kafka)).singleElement().satisfies(r -> assertThat(DeadLetters.reason(r.headers()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("uncalibrated.tif states no pixel size")));
    }

    private static void awaitFeed(AcquisitionFeed feed, BooleanSupplier done) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (feed.failure() != null) {
                throw feed.failure();
            }
            return done.getAsBoolean();
        });
    }

    private static List<StemImage> images(KafkaConnection kafka, String campaign) {
        var deserializer = Topics.IMAGES_RAW.valueSerde(kafka.serdeConfig()).deserializer();
        return TopicReader.readAll(kafka, Topics.IMAGES_RAW).stream().map(r -> deserializer.deserialize(r.topic(), r.value()))
                .filter(i -> campaign.equals(i.getCampaignId())).toList();
    }

    /** This test's dead letters: their topic header is the watched folder. */
    private List<ConsumerRecord<byte[], byte[]>> deadLetters(KafkaConnection kafka) {
        String folder = dir.toAbsolutePath().toString();
        return TopicReader.readAll(kafka, Topics.FEED_DLQ).stream()
                .filter(r -> DeadLetters.header(r.headers(), DeadLetters.TOPIC).filter(folder::equals).isPresent()).toList();
    }

    private static List<String> names(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static float[] ramp(int w, int h, int step) {
        float[] px = new float[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * step) % 65536;
        }
        return px;
    }

    private static byte[] png16(int w, int h, float[] counts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grey16(w, h, counts), "png", out);
        return out.toByteArray();
    }

    private static BufferedImage grey16(int w, int h, float[] counts) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        for (int i = 0; i < counts.length; i++) {
            bi.getRaster().setSample(i % w, i / w, 0, Math.round(counts[i]));
        }
        return bi;
    }
}
