package org.stemstream.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;

/**
 * The augmentation service (Kafka Streams, exactly_once_v2). In: {@code images-noisy}. Out:
 * {@code images-ready}; bad records to {@code augment-dlq}.
 */
public final class AugmentProcessor implements AutoCloseable {
    public static final String APPLICATION_ID = Topics.AUGMENT_APP;
    private static final Logger log = LoggerFactory.getLogger(AugmentProcessor.class);

    /** @param settings what to do to each image ({@link AugmentSettings#labelPreserving()} in the pipeline) */
    public record Config(KafkaConnection connection, AugmentSettings settings, int threads, String stateDir) {
    }

    private final KafkaStreams streams;

    public AugmentProcessor(Config config) {
        Properties props = StreamsApps.config(config.connection(), APPLICATION_ID, Topics.AUGMENT_DLQ, config.threads(), config.stateDir());
        this.streams = new KafkaStreams(AugmentTopology.build(props, new AugmentFunction(config.settings(), Clock.systemUTC()),
                config.connection().serdeConfig()), props);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("augment processor thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public AugmentProcessor start() {
        streams.start();
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        // Leave the group at once, so the remaining members take over now (see NoiseProcessor).
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
