package org.stemstream.streams;

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
 * The multi-view fusion service (Kafka Streams, exactly_once_v2, stateful). In:
 * {@code classifications}. Out: {@code object-classifications}; bad records to {@code fuse-dlq}.
 */
public final class FuseProcessor implements AutoCloseable {
    public static final String APPLICATION_ID = Topics.FUSE_APP;
    private static final Logger log = LoggerFactory.getLogger(FuseProcessor.class);

    /** @param settings grouping window and fusion settings ({@link FuseSettings#defaults()}) */
    public record Config(KafkaConnection connection, FuseSettings settings, int threads, String stateDir) {
    }

    private final KafkaStreams streams;

    public FuseProcessor(Config config) {
        Properties props = StreamsApps.config(config.connection(), APPLICATION_ID, Topics.FUSE_DLQ, config.threads(), config.stateDir());
        this.streams = new KafkaStreams(FuseTopology.build(props, config.settings(), config.connection().serdeConfig()), props);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("fuse processor thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public FuseProcessor start() {
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
