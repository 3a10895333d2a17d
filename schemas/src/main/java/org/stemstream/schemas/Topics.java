package org.stemstream.schemas;

import java.time.Duration;
import java.util.List;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.avro.StemImage;

/**
 * The one place topic names live (tests included). Keys are object ids, so every view of one
 * particle lands in one partition. Each application has one dead-letter topic named after its
 * application id ({@code <app-id>-dlq}); see {@link DeadLetters} for its record format.
 */
public final class Topics {
    /** Broker, producer and consumer limit for one record: a 2048x2048 float image is 16 MiB, so larger sizes are rejected at the request. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /**
     * The largest record value a stage writes: the topic limit less room for the key, the headers
     * and the record framing. A larger value is refused before it reaches the producer (and goes
     * to the dead-letter topic): under a transaction the producer's own refusal would abort the
     * transaction, and the same input would be read and refused again, for ever.
     */
    public static final int MAX_VALUE_BYTES = MAX_MESSAGE_BYTES - 64 * 1024;

    private static final int POOL = 12;
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);

    public static final Topic<String, SimulationRequest> SIMULATION_REQUESTS =
            new Topic<>("simulation-requests", String.class, SimulationRequest.class, POOL, MONTH);
    public static final Topic<String, StemImage> IMAGES_RAW =
            new Topic<>("images-raw", String.class, StemImage.class, POOL, WEEK);
    public static final Topic<String, StemImage> IMAGES_NOISY =
            new Topic<>("images-noisy", String.class, StemImage.class, POOL, WEEK);
    /** Augmented (or passed-through acquired) images, ready for the classifier. */
    public static final Topic<String, StemImage> IMAGES_READY =
            new Topic<>("images-ready", String.class, StemImage.class, POOL, WEEK);
    public static final Topic<String, Classification> CLASSIFICATIONS =
            new Topic<>("classifications", String.class, Classification.class, POOL, MONTH);
    public static final Topic<String, ObjectClassification> OBJECT_CLASSIFICATIONS =
            new Topic<>("object-classifications", String.class, ObjectClassification.class, POOL, MONTH);

    /** Application ids; each names its consumer group (or Streams app) and its dead-letter topic. */
    public static final String SIMULATOR_WORKER_APP = "simulator-worker";
    public static final String NOISE_APP = "noise";
    public static final String AUGMENT_APP = "augment";
    public static final String FUSE_APP = "fuse";
    public static final String FEED_APP = "feed";
    public static final String CLASSIFIER_APP = "classifier";
    public static final String RESULTS_SINK_APP = "results-sink";

    public static final Topic<byte[], byte[]> SIMULATOR_WORKER_DLQ = deadLetter(SIMULATOR_WORKER_APP);
    public static final Topic<byte[], byte[]> NOISE_DLQ = deadLetter(NOISE_APP);
    public static final Topic<byte[], byte[]> AUGMENT_DLQ = deadLetter(AUGMENT_APP);
    public static final Topic<byte[], byte[]> FUSE_DLQ = deadLetter(FUSE_APP);
    public static final Topic<byte[], byte[]> FEED_DLQ = deadLetter(FEED_APP);
    public static final Topic<byte[], byte[]> CLASSIFIER_DLQ = deadLetter(CLASSIFIER_APP);
    public static final Topic<byte[], byte[]> RESULTS_SINK_DLQ = deadLetter(RESULTS_SINK_APP);

    private Topics() {
    }

    /** Every topic the pipeline uses, in data-flow order. */
    public static List<Topic<?, ?>> all() {
        return List.of(SIMULATION_REQUESTS, IMAGES_RAW, IMAGES_NOISY, IMAGES_READY, CLASSIFICATIONS, OBJECT_CLASSIFICATIONS,
                SIMULATOR_WORKER_DLQ, NOISE_DLQ, AUGMENT_DLQ, CLASSIFIER_DLQ, FUSE_DLQ, FEED_DLQ, RESULTS_SINK_DLQ);
    }

    /** Every dead-letter topic. */
    public static List<Topic<?, ?>> deadLetterTopics() {
        return all().stream().filter(t -> t.name().endsWith("-dlq")).toList();
    }

    /** The topics whose values are Avro records (one registry subject each). */
    public static List<Topic<?, ?>> avroTopics() {
        return all().stream().filter(Topic::hasAvroValues).toList();
    }

    private static Topic<byte[], byte[]> deadLetter(String applicationId) {
        return new Topic<>(applicationId + "-dlq", byte[].class, byte[].class, POOL, MONTH);
    }
}
