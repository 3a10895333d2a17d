package org.stemstream.producers.feed;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.stemstream.producers.feed.FeedLedger.Outcome;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.StemImage;

/**
 * What a dropped file becomes on Kafka: its image on {@code images-raw} (source ACQUIRED, see
 * {@link AcquiredImages}), or its stack's frames, one record each, all keyed by their object id;
 * or, when the file's own content can never be published (unreadable, too large, a bad sidecar), a dead letter on {@code feed-dlq} with the reason
 * ({@link FeedDeadLetters}). Serialization troubles other than size (the registry down) are not the
 * file's fault and propagate, so that the file stays for the next scan.
 */
final class FileRecords {
    /** Room for the record's key and framing under the record limit. */
    private static final int MAX_IMAGE_VALUE_BYTES = Topics.MAX_MESSAGE_BYTES - 16 * 1024;

    /**
     * A file's records (one, or one per frame of a stack), ready to go into the next transaction;
     * {@code reason} says why a FAILED file is dead-lettered.
     */
    record Outgoing(DroppedFile file, Outcome outcome, List<ProducerRecord<byte[], byte[]>> records, String reason) {
        Outgoing {
            records = List.copyOf(records);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("a file becomes at least one record");
            }
        }
    }

    private final FeedConfig config;
    private final Serializer<StemImage> serializer;
    private final Clock clock;

    FileRecords(FeedConfig config, Clock clock) {
        this.config = config;
        this.serializer = Topics.IMAGES_RAW.valueSerde(config.connection().serdeConfig()).serializer();
        this.clock = clock;
    }

    Outgoing of(DroppedFile file) {
        try {
            return new Outgoing(file, Outcome.SENT, imageRecords(file), null);
        } catch (RejectedFileException e) {
            return new Outgoing(file, Outcome.FAILED, List.of(FeedDeadLetters.of(Topics.FEED_DLQ, config.folder().toAbsolutePath().toString(),
                    file.name(), file.imageId(), file.head(), file.size(), file.sidecarBytes(), e)), e.getMessage());
        }
    }

    private List<ProducerRecord<byte[], byte[]>> imageRecords(DroppedFile file) throws RejectedFileException {
        List<StemImage> frames = AcquiredImages.of(file, config.defaultPixelSizeNm(), config.defaultDarkCounts(), config.campaignId(), clock.instant());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(frames.size());
        for (StemImage acquired : frames) {
            byte[] value = serializer.serialize(Topics.IMAGES_RAW.name(), acquired);
            if (value.length > MAX_IMAGE_VALUE_BYTES) {
                throw new RejectedFileException(file.name() + " is " + acquired.getWidth() + "x" + acquired.getHeight() + " " + acquired.getEncoding()
                        + ": its record is " + value.length + " bytes > max " + MAX_IMAGE_VALUE_BYTES);
            }
            records.add(new ProducerRecord<>(Topics.IMAGES_RAW.name(), acquired.getObjectId().getBytes(StandardCharsets.UTF_8), value));
        }
        return records;
    }
}
