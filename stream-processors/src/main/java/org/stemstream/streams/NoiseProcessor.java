package org.stemstream.streams;

import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Imaging;

/**
 * The noise service (Kafka Streams, exactly_once_v2). In: {@code images-raw}. Out:
 * {@code images-noisy}; bad records to {@code noise-dlq}.
 */
public final class NoiseProcessor implements AutoCloseable {
    public static final String APPLICATION_ID = Topics.NOISE_APP;
    private static final Logger log = LoggerFactory.getLogger(NoiseProcessor.class);

    /** @param defaults imaging settings for fields the image leaves unset */
    public record Config(KafkaConnection connection, Imaging defaults, int threads, String stateDir) {
    }

    private final KafkaStreams streams;

    public NoiseProcessor(Config config) {
        Properties props = StreamsApps.config(config.connection(), APPLICATION_ID, Topics.NOISE_DLQ, config.threads(), config.stateDir());
        this.streams = new KafkaStreams(NoiseTopology.build(props, new NoiseFunction(config.defaults(), Clock.systemUTC()),
                config.connection().serdeConfig()), props);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("noise processor thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public NoiseProcessor start() {
        streams.start();
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        // Leave the group at once, so the remaining members take over now rather than after the
        // session timeout (Streams stays in the group on close by default).
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(java.time.Duration.ofSeconds(30)));
    }
}
