package org.stemstream.streams;

import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;

/**
 * The multi-view fusion service (Kafka Streams, exactly_once_v2, stateful). In:
 * {@code classifications}. Out: {@code object-classifications}; bad records to {@code fuse-dlq}.
 */
public final class FuseProcessor implements AutoCloseable {
    public static final String APPLICATION_ID = Topics.FUSE_APP;

    /** @param settings grouping window and fusion settings ({@link FuseSettings#defaults()}) */
    public record Config(KafkaConnection connection, FuseSettings settings, int threads, String stateDir, StemMetrics metrics) {
        /** With metrics kept in memory only. */
        public Config(KafkaConnection connection, FuseSettings settings, int threads, String stateDir) {
            this(connection, settings, threads, stateDir, StemMetrics.inMemory());
        }
    }

    private final StreamsService service;

    public FuseProcessor(Config config) {
        Properties props = StreamsApps.config(config.connection(), APPLICATION_ID, Topics.FUSE_DLQ, config.threads(), config.stateDir());
        this.service = new StreamsService(APPLICATION_ID, FuseTopology.build(props, config.settings(), config.connection().serdeConfig()), props,
                config.metrics());
    }

    public FuseProcessor start() {
        service.start();
        return this;
    }

    public KafkaStreams.State state() {
        return service.state();
    }

    @Override
    public void close() {
        service.close();
    }
}
