package org.stemstream.streams;

import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;

/**
 * The augmentation service (Kafka Streams, exactly_once_v2). In: {@code images-noisy}. Out:
 * {@code images-ready}; bad records to {@code augment-dlq}.
 */
public final class AugmentProcessor implements AutoCloseable {
    public static final String APPLICATION_ID = Topics.AUGMENT_APP;

    /** @param settings what to do to each image ({@link AugmentSettings#labelPreserving()} in the pipeline) */
    public record Config(KafkaConnection connection, AugmentSettings settings, int threads, String stateDir, StemMetrics metrics) {
        /** With metrics kept in memory only. */
        public Config(KafkaConnection connection, AugmentSettings settings, int threads, String stateDir) {
            this(connection, settings, threads, stateDir, StemMetrics.inMemory());
        }
    }

    private final StreamsService service;

    public AugmentProcessor(Config config) {
        Properties props = StreamsApps.config(config.connection(), APPLICATION_ID, Topics.AUGMENT_DLQ, config.threads(), config.stateDir());
        this.service = new StreamsService(APPLICATION_ID, AugmentTopology.build(props, new AugmentFunction(config.settings(), Clock.systemUTC()), config.connection().serdeConfig()), props,
                config.metrics());
    }

    public AugmentProcessor start() {
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
