package org.stemstream.streams;

import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Imaging;

/**
 * The noise service (Kafka Streams, exactly_once_v2). In: {@code images-raw}. Out:
 * {@code images-noisy}; bad records to {@code noise-dlq}.
 */
public final class NoiseProcessor implements AutoCloseable {
    public static final String APPLICATION_ID = Topics.NOISE_APP;

    /** @param defaults imaging settings for fields the image leaves unset */
    public record Config(KafkaConnection connection, Imaging defaults, int threads, String stateDir, StemMetrics metrics) {
        /** With metrics kept in memory only. */
        public Config(KafkaConnection connection, Imaging defaults, int threads, String stateDir) {
            this(connection, defaults, threads, stateDir, StemMetrics.inMemory());
        }
    }

    private final StreamsService service;

    public NoiseProcessor(Config config) {
        Properties props = StreamsApps.config(config.connection(), APPLICATION_ID, Topics.NOISE_DLQ, config.threads(), config.stateDir());
        this.service = new StreamsService(APPLICATION_ID, NoiseTopology.build(props, new NoiseFunction(config.defaults(), Clock.systemUTC(), config.metrics().registry()), config.connection().serdeConfig()), props,
                config.metrics());
    }

    public NoiseProcessor start() {
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
