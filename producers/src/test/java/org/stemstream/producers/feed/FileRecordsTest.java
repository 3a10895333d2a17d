package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.producers.feed.FeedLedger.Outcome;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.StemImage;

/** A dropped file as the records of its transaction: a multi-page TIFF is a stack, one record per frame. */
class FileRecordsTest {
    @TempDir
    Path dir;
    private final KafkaConnection connection = new KafkaConnection("localhost:1", "mock://file-records-" + UUID.randomUUID());

    private FileRecords.Outgoing outgoing(Path file) throws Exception {
        FeedConfig config = FeedConfig.of(connection, dir, 0.2).withCampaignId("lab");
        FileRecords records = new FileRecords(config, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        return records.of(DroppedFile.read(file, FeedFolder.sidecarOf(file), AcquiredImages.MAX_FILE_BYTES));
    }

    private List<StemImage> images(FileRecords.Outgoing out) {
        var deserializer = Topics.IMAGES_RAW.valueSerde(connection.serdeConfig()).deserializer();
        return out.records().stream().map(r -> deserializer.deserialize(r.topic(), r.value())).toList();
    }

    @Test
    void aMultiPageTiffBecomesOneRecordPerFrameKeyedByItsObject() throws Exception {
        float[][] frames = {TestImages.ramp(6, 4, 11), TestImages.ramp(6, 4, 101), TestImages.ramp(6, 4, 1009)};
        BufferedImage thumbnail = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        Path tilt = dir.resolve("tilt.tif");
        Files.write(tilt, TestImages.multiPageTiff(null, TestImages.grey16(6, 4, frames[0]), thumbnail,
                TestImages.grey16(6, 4, frames[1]), TestImages.grey16(6, 4, frames[2])));
        Files.writeString(dir.resolve("tilt.json"), "{\"objectId\": \"particle-3\"}");

        FileRecords.Outgoing out = outgoing(tilt);

        assertThat(out.outcome()).isEqualTo(Outcome.SENT);
        assertThat(out.records()).hasSize(3).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo(Topics.IMAGES_RAW.name());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).as("one key: one partition, one fusion").isEqualTo("particle-3");
        });
        List<StemImage> images = images(out);
        for (int i = 0; i < 3; i++) {
            assertThat(Pixels.decode(images.get(i))).as("frame %d, the thumbnail skipped", i).containsExactly(frames[i]);
            assertThat(images.get(i).getImageId()).isEqualTo(out.file().imageId() + "-f" + i);
            assertThat(images.get(i).getViewIndex()).isEqualTo(i);
            assertThat(images.get(i).getViewsExpected()).isEqualTo(3);
        }
    }

    @Test
    void aCompressedStackOfMorePixelsThanAFileMayHoldIsDeadLetteredBeforeItIsDecoded() throws Exception {
        // five 2048 x 2048 pages of zeros deflate to a few kB, and would decode to 21 M pixels
        BufferedImage page = new BufferedImage(2048, 2048, BufferedImage.TYPE_BYTE_GRAY);
        Path bomb = dir.resolve("bomb.tif");
        Files.write(bomb, TestImages.multiPageTiff("Deflate", page, page, page, page, page));
        assertThat(Files.size(bomb)).isLessThan(AcquiredImages.MAX_FILE_BYTES / 100);

        FileRecords.Outgoing out = outgoing(bomb);

        assertThat(out.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(out.reason()).isEqualTo("bomb.tif holds 5 frames of 2048x2048 = 20971520 pixels; the feed reads at most "
                + AcquiredImages.MAX_STACK_PIXELS + " from one file");
        assertThat(out.records()).singleElement().extracting(ProducerRecord::topic).isEqualTo(Topics.FEED_DLQ.name());
    }

    /** 2048 x 2048 16-bit counts are 8 MiB, over the record limit: binned 2 x 2, with the pixel size and calibration scaled. */
    @Test
    void aFrameTooLargeForARecordIsBinnedToFit() throws Exception {
        int n = 2048;
        float[] counts = new float[n * n];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (i % n + i / n) % 1000; // x + y, wrapping: every 2 x 2 block sums to a known value
        }
        Path big = dir.resolve("big.tif");
        Files.write(big, TestImages.tiff16(n, n, counts));
        Files.writeString(dir.resolve("big.json"), "{\"pixelSizeNm\": 0.05, \"countsPerNmGold\": 2.5}");

        FileRecords.Outgoing out = outgoing(big);

        assertThat(out.outcome()).as(out.reason()).isEqualTo(Outcome.SENT);
        assertThat(out.records().get(0).value().length).isLessThanOrEqualTo(Topics.MAX_VALUE_BYTES);
        StemImage image = images(out).get(0);
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(image.getPixelSizeNm()).isEqualTo(0.1);
        assertThat(image.getImaging().getDose()).as("counts per pixel per nm of gold, four times the pixel").isEqualTo(10.0);
        assertThat(image.getEncoding()).isEqualTo(org.stemstream.schemas.avro.PixelEncoding.UINT16);
        // block (3, 5): pixels (6..7, 10..11), values x + y = 16, 17, 17, 18
        assertThat(Pixels.decode(image)[5 * 1024 + 3]).isEqualTo(68f);
        assertThat(image.getProvenance().get(0).getParameters()).containsEntry("binned", 2.0).containsEntry("acquiredWidth", 2048.0)
                .containsEntry("acquiredHeight", 2048.0);
    }

    @Test
    void aSingleImageIsOneRecordUnderItsFilesId() throws Exception {
        Path one = dir.resolve("one.tif");
        Files.write(one, TestImages.tiff16(6, 4, TestImages.ramp(6, 4, 3)));
        FileRecords.Outgoing out = outgoing(one);
        assertThat(images(out)).singleElement().satisfies(image -> {
            assertThat(image.getImageId()).isEqualTo(out.file().imageId());
            assertThat(image.getViewsExpected()).isEqualTo(1);
        });
    }
}
