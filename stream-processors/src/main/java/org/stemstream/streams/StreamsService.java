package org.stemstream.streams;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.metrics.StemMetrics;

/**
 * The lifecycle every stem-stream Streams app shares: start, state, and a close that leaves the
 * consumer group at once (Streams stays in the group on close by default, so the remaining
 * members would wait a session timeout before taking over). A failed stream thread is replaced.
 */
public final class StreamsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;

    /** Binds the Kafka Streams meters (tagged {@code stage}) to {@code metrics}. */
    public StreamsService(String applicationId, Topology topology, Properties config, StemMetrics metrics) {
        this.streams = new KafkaStreams(topology, config);
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.of("stage", applicationId));
        binder.bindTo(metrics.registry());
        metrics.track(binder);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("{}: stream thread failed; replacing it", applicationId, e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }
}
