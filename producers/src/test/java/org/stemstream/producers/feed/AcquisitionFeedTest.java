package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.StemImage;

/** The feed's whole cycle against a MockProducer: scan, publish, move, restart. The real broker: AcquisitionFeedIT. */
class AcquisitionFeedTest {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final CommitCheck NEVER_ASKED = (t, p, o) -> {
        throw new AssertionError("no open ledger entries expected");
    };

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private FeedConfig config;
    private final List<AcquisitionFeed> feeds = new java.util.ArrayList<>();
    private final Logger feedLogger = (Logger) LoggerFactory.getLogger(AcquisitionFeed.class.getPackageName());
    private final ListAppender<ILoggingEvent> feedLog = new ListAppender<>();

    @BeforeEach
    void config() {
        KafkaConnection connection = new KafkaConnection("localhost:1", "mock://feed-test-" + UUID.randomUUID());
        config = FeedConfig.of(connection, dir, 0.2).withPollInterval(POLL).withCampaignId("lab-7");
        feedLog.start();
        feedLogger.addAppender(feedLog);
    }

    @AfterEach
    void close() {
        feeds.forEach(AcquisitionFeed::close);
        feedLogger.detachAppender(feedLog);
    }

    private AcquisitionFeed feed(MockProducer<byte[], byte[]> producer, CommitCheck check) throws Exception {
        return feed(producer, check, FeedFolder::moveReplacing);
    }

    /** A feed whose files move through {@code mover}. */
    private AcquisitionFeed feed(MockProducer<byte[], byte[]> producer, CommitCheck check, FeedFolder.Mover mover) throws Exception {
        AcquisitionFeed feed = new AcquisitionFeed(config, folderOf(config, mover), id -> producer, check, clock);
        feeds.add(feed);
        feed.initialize();
        return feed;
    }

    private static FeedFolder folderOf(FeedConfig c, FeedFolder.Mover mover) {
        return new FeedFolder(c.folder(), c.sentFolder(), c.failedFolder(), mover);
    }

    /** Moves files as the feed does, except that the {@code n}th move is {@code failure}. */
    private static FeedFolder.Mover failingMove(int n, FeedFolder.Mover failure) {
        AtomicInteger moves = new AtomicInteger();
        return (from, to) -> moves.incrementAndGet() == n ? failure.move(from, to) : FeedFolder.moveReplacing(from, to);
    }

    /** The process dying: nothing after it runs. */
    private static final class Crash extends Error {
    }

    /** Runs a feed on {@code before} until its {@code n}th move crashes, then restarts it on {@code after}. */
    private AcquisitionFeed crashAtMoveAndRestart(int n, MockProducer<byte[], byte[]> before, MockProducer<byte[], byte[]> after) throws Exception {
        AcquisitionFeed crashing = feed(before, NEVER_ASKED, failingMove(n, (from, to) -> {
            throw new Crash();
        }));
        crashing.scanOnce();
        clock.advance(POLL);
        assertThatThrownBy(crashing::scanOnce).isInstanceOf(Crash.class);
        crashing.close();
        return feed(after, NEVER_ASKED);
    }

    private static MockProducer<byte[], byte[]> producer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Two scans one quiet period apart: what was complete at the first is taken at the second. */
    private void scanTwice(AcquisitionFeed feed) throws Exception {
        feed.scanOnce();
        clock.advance(POLL);
        feed.scanOnce();
    }

    private List<StemImage> images(MockProducer<byte[], byte[]> producer) {
        var deserializer = Topics.IMAGES_RAW.valueSerde(config.connection().serdeConfig()).deserializer();
        return producer.history().stream().filter(r -> r.topic().equals(Topics.IMAGES_RAW.name()))
                .map(r -> deserializer.deserialize(r.topic(), r.value())).toList();
    }

    private static List<ProducerRecord<byte[], byte[]>> deadLetters(MockProducer<byte[], byte[]> producer) {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.FEED_DLQ.name())).toList();
    }

    private List<String> feedWarnings() {
        return feedLog.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<String> filesLeft() throws Exception {
        try (var left = Files.list(dir)) {
            return left.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void twoFilesOfOneStemAreTwoObjectsUnlessTheirSidecarSaysOtherwise() throws Exception {
        Files.write(dir.resolve("img-000000.png"), TestImages.png16(8, 8, TestImages.ramp(8, 8, 3)));
        Files.write(dir.resolve("img-000000.tif"), TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 5)));
        Files.write(dir.resolve("img-000001.png"), TestImages.png16(8, 8, TestImages.ramp(8, 8, 7)));
        Files.write(dir.resolve("img-000001.tif"), TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 9)));
        Files.writeString(dir.resolve("img-000001.json"), "{\"objectId\": \"particle-1\", \"pixelSizeNm\": 0.1, \"darkCounts\": 1}");
        config = config.withDefaultDarkCounts(2);
        MockProducer<byte[], byte[]> producer = producer();
        scanTwice(feed(producer, NEVER_ASKED));

        assertThat(images(producer)).extracting(AcquisitionFeedTest::untagged)
                .containsExactlyInAnyOrder("img-000000.png", "img-000000.tif", "particle-1", "particle-1");
        assertThat(images(producer)).filteredOn(i -> i.getObjectId().equals("particle-1"))
                .as("the sidecar is found by the stem").allSatisfy(i -> assertThat(i.getPixelSizeNm()).isEqualTo(0.1));
        assertThat(images(producer)).as("the sidecar's dark level, else the feed's").extracting(i -> i.getProvenance().get(0).getParameters().get("darkCounts"))
                .containsExactlyInAnyOrder(2.0, 2.0, 1.0, 1.0);
    }

    @Test
    void twoImagesSharingASidecarBothGetItsMetadataAndItMovesWithTheLastWithoutAWarning() throws Exception {
        Files.write(dir.resolve("a.png"), TestImages.png16(8, 8, TestImages.ramp(8, 8, 3)));
        Files.write(dir.resolve("a.tif"), TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 5)));
        Files.writeString(dir.resolve("a.json"), "{\"pixelSizeNm\": 0.1, \"sampleId\": \"grid-3\"}");
        MockProducer<byte[], byte[]> producer = producer();
        AcquisitionFeed feed = feed(producer, NEVER_ASKED);
        scanTwice(feed);

        assertThat(images(producer)).extracting(AcquisitionFeedTest::untagged).containsExactlyInAnyOrder("grid-3/a.png", "grid-3/a.tif");
        assertThat(images(producer)).allSatisfy(i -> assertThat(i.getPixelSizeNm()).isEqualTo(0.1));
        assertThat(dir.resolve("sent/a.png")).exists();
        assertThat(dir.resolve("sent/a.tif")).as("not renamed for a sidecar taken by the first image").exists();
        assertThat(dir.resolve("sent/a.json")).hasContent("{\"pixelSizeNm\": 0.1, \"sampleId\": \"grid-3\"}");
        assertThat(filesLeft()).containsExactlyInAnyOrder("sent", "failed", FeedLedger.FILE_NAME);
        assertThat(feedWarnings()).as("no move failed, so none is retried").isEmpty();

        scanTwice(feed);
        assertThat(images(producer)).hasSize(2);
        assertThat(feed.duplicates()).isZero();
    }

    @Test
    void publishesCompleteImagesDeadLettersBadFilesAndMovesEach() throws Exception {
        float[] counts = TestImages.ramp(24, 16, 11);
        Files.write(dir.resolve("good.tif"), TestImages.tiff16(24, 16, counts));
        Files.write(dir.resolve("meta.png"), TestImages.png16(8, 8, TestImages.ramp(8, 8, 3)));
        Files.writeString(dir.resolve("meta.json"), "{\"pixelSizeNm\": 0.08, \"dose\": 12000, \"sampleId\": \"grid-2\"}");
        Files.write(dir.resolve("noise.tif"), randomBytes(3000));
        Files.write(dir.resolve("broken-meta.tif"), TestImages.tiff16(4, 4, TestImages.ramp(4, 4, 1)));
        Files.writeString(dir.resolve("broken-meta.json"), "{\"pixelSizeNm\": ");
        MockProducer<byte[], byte[]> producer = producer();
        AcquisitionFeed feed = feed(producer, NEVER_ASKED);

        feed.scanOnce();
        assertThat(producer.history()).as("nothing is complete at its first sighting").isEmpty();
        clock.advance(POLL);
        feed.scanOnce();

        assertThat(producer.commitCount()).isEqualTo(1);
        List<StemImage> images = images(producer);
        assertThat(images).extracting(AcquisitionFeedTest::untagged).containsExactlyInAnyOrder("good.tif", "grid-2/meta.png");
        assertThat(images).allSatisfy(i -> {
            assertThat(i.getSource()).isEqualTo(ImageSource.ACQUIRED);
            assertThat(i.getTruth()).isNull();
            assertThat(i.getCampaignId()).isEqualTo("lab-7");
        });
        StemImage good = images.stream().filter(i -> i.getObjectId().startsWith("good.tif@")).findFirst().orElseThrow();
        assertThat(Pixels.decode(good)).containsExactly(counts);
        assertThat(good.getPixelSizeNm()).isEqualTo(0.2);
        StemImage meta = images.stream().filter(i -> i.getObjectId().startsWith("grid-2/meta.png@")).findFirst().orElseThrow();
        assertThat(meta.getPixelSizeNm()).isEqualTo(0.08);
        assertThat(producer.history()).filteredOn(r -> r.topic().equals(Topics.IMAGES_RAW.name()))
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder(good.getObjectId(), meta.getObjectId());

        List<ProducerRecord<byte[], byte[]>> dead = deadLetters(producer);
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("noise.tif", "broken-meta.tif");
        ProducerRecord<byte[], byte[]> noise = dead.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("noise.tif")).findFirst().orElseThrow();
        assertThat(noise.value()).isEqualTo(randomBytes(3000));
        assertThat(DeadLetters.reason(noise.headers())).hasValueSatisfying(s -> assertThat(s).contains("noise.tif"));
        assertThat(dead).anySatisfy(r -> assertThat(DeadLetters.reason(r.headers())).hasValueSatisfying(s -> assertThat(s).contains("broken-meta.json")));

        assertThat(dir.resolve("sent/good.tif")).exists();
        assertThat(dir.resolve("sent/meta.png")).exists();
        assertThat(dir.resolve("sent/meta.json")).exists();
        assertThat(dir.resolve("failed/noise.tif")).exists();
        assertThat(dir.resolve("failed/broken-meta.tif")).exists();
        assertThat(dir.resolve("failed/broken-meta.json")).exists();
        assertThat(filesLeft()).containsExactlyInAnyOrder("sent", "failed", FeedLedger.FILE_NAME);
        assertThat(feed.sent()).isEqualTo(2);
        assertThat(feed.deadLettered()).isEqualTo(2);
        assertThat(feed.transactionalId()).startsWith(Topics.FEED_APP + "-");
    }

    @Test
    void aFileStillGrowingWaitsUntilItIsQuiet() throws Exception {
        byte[] tiff = TestImages.tiff16(16, 16, TestImages.ramp(16, 16, 5));
        Path file = dir.resolve("slow.tif");
        Files.write(file, java.util.Arrays.copyOf(tiff, 100));
        MockProducer<byte[], byte[]> producer = producer();
        AcquisitionFeed feed = feed(producer, NEVER_ASKED);

        feed.scanOnce();
        clock.advance(POLL);
        Files.write(file, tiff);
        feed.scanOnce();
        assertThat(producer.history()).isEmpty();
        clock.advance(POLL);
        feed.scanOnce();
        assertThat(images(producer)).hasSize(1);
        assertThat(deadLetters(producer)).isEmpty();
    }

    @Test
    void aRestartedFeedSendsNothingTwiceEvenWhenAFileIsCopiedBack() throws Exception {
        byte[] tiff = TestImages.tiff16(16, 16, TestImages.ramp(16, 16, 5));
        Files.write(dir.resolve("a.tif"), tiff);
        MockProducer<byte[], byte[]> first = producer();
        AcquisitionFeed feed = feed(first, NEVER_ASKED);
        scanTwice(feed);
        assertThat(images(first)).hasSize(1);
        String imageId = images(first).get(0).getImageId();
        feed.close();

        Files.copy(dir.resolve("sent/a.tif"), dir.resolve("a.tif"));
        MockProducer<byte[], byte[]> second = producer();
        AcquisitionFeed again = feed(second, NEVER_ASKED);
        scanTwice(again);
        assertThat(second.history()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(dir.resolve("a.tif")).doesNotExist();
        assertThat(dir.resolve("sent/a." + imageId + ".tif")).hasBinaryContent(tiff);
    }

    @Test
    void aCrashBetweenMovingASidecarAndItsImageLeavesNoSidecarForALaterImageAndPublishesNothingTwice() throws Exception {
        byte[] first = TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 5));
        Files.write(dir.resolve("a.tif"), first);
        Files.writeString(dir.resolve("a.json"), "{\"pixelSizeNm\": 0.1, \"sampleId\": \"grid-9\"}");
        MockProducer<byte[], byte[]> before = producer();
        MockProducer<byte[], byte[]> after = producer();
        AcquisitionFeed restarted = crashAtMoveAndRestart(2, before, after);
        assertThat(images(before)).singleElement().satisfies(i -> assertThat(i.getPixelSizeNm()).isEqualTo(0.1));
        scanTwice(restarted);
        assertThat(filesLeft()).as("no sidecar left behind").containsExactlyInAnyOrder("sent", "failed", FeedLedger.FILE_NAME);
        assertThat(after.history()).as("nothing published twice").isEmpty();
        assertThat(restarted.duplicates()).isEqualTo(1);
        assertThat(dir.resolve("sent/a.tif")).hasBinaryContent(first);
        assertThat(dir.resolve("sent/a.json")).hasContent("{\"pixelSizeNm\": 0.1, \"sampleId\": \"grid-9\"}");

        Files.write(dir.resolve("a.tif"), TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 7)));
        scanTwice(restarted);
        assertThat(images(after)).as("a later a.tif without a sidecar takes nothing from the first one's").singleElement().satisfies(i -> {
            assertThat(i.getPixelSizeNm()).isEqualTo(0.2);
            assertThat(i.getObjectId()).as("a file of its own, not a late view of the first a.tif's object")
                    .startsWith("a.tif@").isNotEqualTo(images(before).get(0).getObjectId());
        });
        assertThat(filesLeft()).containsExactlyInAnyOrder("sent", "failed", FeedLedger.FILE_NAME);
        assertThat(OldLedgerReader.read(dir.resolve(FeedLedger.FILE_NAME)).committed()).as("a rollback would send neither again")
                .containsOnlyKeys(images(before).get(0).getImageId(), images(after).get(0).getImageId());
    }

    @ParameterizedTest(name = "crash at move {0} of 3")
    @ValueSource(ints = {1, 2, 3})
    void aCrashAtAnyMoveOfTwoImagesSharingASidecarLosesNothingAndPublishesNothingTwice(int crashAt) throws Exception {
        Files.write(dir.resolve("a.png"), TestImages.png16(8, 8, TestImages.ramp(8, 8, 3)));
        Files.write(dir.resolve("a.tif"), TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 5)));
        Files.writeString(dir.resolve("a.json"), "{\"sampleId\": \"grid-3\"}");
        MockProducer<byte[], byte[]> before = producer();
        MockProducer<byte[], byte[]> after = producer();
        AcquisitionFeed restarted = crashAtMoveAndRestart(crashAt, before, after);
        assertThat(images(before)).hasSize(2);
        scanTwice(restarted);
        assertThat(after.history()).isEmpty();
        assertThat(filesLeft()).containsExactlyInAnyOrder("sent", "failed", FeedLedger.FILE_NAME);
        try (var sent = Files.list(dir.resolve("sent"))) {
            assertThat(sent.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.png", "a.tif", "a.json");
        }
        assertThat(feedWarnings()).isEmpty();
    }

    @Test
    void anImageThatCouldNotFollowItsSidecarIsMovedByTheNextScanWithoutPublishing() throws Exception {
        Files.write(dir.resolve("bad.tif"), randomBytes(500));
        Files.writeString(dir.resolve("bad.json"), "{\"sampleId\": \"grid-1\"}");
        MockProducer<byte[], byte[]> producer = producer();
        AcquisitionFeed feed = feed(producer, NEVER_ASKED, failingMove(2, (from, to) -> {
            throw new IOException("disk full");
        }));
        scanTwice(feed);
        assertThat(deadLetters(producer)).hasSize(1);
        assertThat(feedWarnings()).anySatisfy(w -> assertThat(w).contains("cannot move").contains("disk full"));
        assertThat(filesLeft()).as("the image waits, its sidecar does not").containsExactlyInAnyOrder("bad.tif", "sent", "failed", FeedLedger.FILE_NAME);

        scanTwice(feed);
        assertThat(producer.history()).hasSize(1);
        assertThat(feed.duplicates()).isEqualTo(1);
        assertThat(dir.resolve("failed/bad.tif")).exists();
        assertThat(dir.resolve("failed/bad.json")).exists();
        assertThat(filesLeft()).containsExactlyInAnyOrder("sent", "failed", FeedLedger.FILE_NAME);
    }

    @Test
    void aSecondFeedOnTheSameFolderIsRefused() throws Exception {
        feed(producer(), NEVER_ASKED);
        assertThatThrownBy(() -> new AcquisitionFeed(config, folderOf(config, FeedFolder::moveReplacing), id -> producer(), NEVER_ASKED, clock))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another feed");
    }

    @Test
    void aCrashBetweenProduceAndCommitIsSettledByAskingKafka() throws Exception {
        byte[] committed = TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 1));
        byte[] aborted = TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 2));
        Files.write(dir.resolve("committed.tif"), committed);
        Files.write(dir.resolve("aborted.tif"), aborted);
        String committedId = AcquiredImages.imageId("committed.tif", AcquiredImages.sha256().digest(committed), committed.length, null);
        String abortedId = AcquiredImages.imageId("aborted.tif", AcquiredImages.sha256().digest(aborted), aborted.length, null);
        try (FeedLedger ledger = FeedLedger.open(dir.resolve(FeedLedger.FILE_NAME))) {
            ledger.published(List.of(
                    new FeedLedger.Entry(committedId, FeedLedger.Outcome.SENT, Topics.IMAGES_RAW.name(), 4, 17, "committed.tif"),
                    new FeedLedger.Entry(abortedId, FeedLedger.Outcome.SENT, Topics.IMAGES_RAW.name(), 5, 18, "aborted.tif")));
        }
        MockProducer<byte[], byte[]> producer = producer();
        AcquisitionFeed feed = feed(producer, (topic, partition, offset) -> partition == 4 && offset == 17);

        scanTwice(feed);
        assertThat(images(producer)).extracting(StemImage::getImageId).containsExactly(abortedId);
        assertThat(feed.duplicates()).isEqualTo(1);
        assertThat(dir.resolve("sent/committed.tif")).exists();
        assertThat(dir.resolve("sent/aborted.tif")).exists();
    }

    @Test
    void aFailedCommitLeavesTheFilesForTheNextScan() throws Exception {
        Files.write(dir.resolve("a.tif"), TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 1)));
        MockProducer<byte[], byte[]> producer = producer();
        AcquisitionFeed feed = feed(producer, (t, p, o) -> false);
        producer.commitTransactionException = new KafkaException("broker went away");

        scanTwice(feed);
        assertThat(producer.history()).isEmpty();
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(dir.resolve("a.tif")).exists();

        producer.commitTransactionException = null;
        feed.scanOnce();
        assertThat(images(producer)).hasSize(1);
        assertThat(dir.resolve("sent/a.tif")).exists();
    }

    @Test
    void aMissingFolderIsRefusedWithItsPath() {
        FeedConfig missing = FeedConfig.of(config.connection(), dir.resolve("missing"), 0.1);
        assertThatThrownBy(() -> new AcquisitionFeed(missing, folderOf(missing, FeedFolder::moveReplacing), id -> producer(), NEVER_ASKED, clock))
                .hasMessageContaining("missing");
    }

    private static String untagged(StemImage image) { // without the tag of the file's bytes (Sidecar.objectIdFor)
        return image.getObjectId().replaceFirst("@[0-9a-f]{8}$", "");
    }
}
