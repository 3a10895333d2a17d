package org.stemstream.producers;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.SimulationRequest;

/**
 * Publishes a campaign's requests. Out: {@code simulation-requests}, key = object id, with an
 * idempotent producer (no duplicates on retry). Blocks until every request is acknowledged.
 */
public final class RequestProducer {
    private final KafkaConnection connection;
    private final Clock clock;

    public RequestProducer(KafkaConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Sends the campaign; {@code progress} hears the number acknowledged so far. Returns the count sent. */
    public long send(Campaign campaign, LongConsumer progress) {
        Serde<SimulationRequest> serde = Topics.SIMULATION_REQUESTS.valueSerde(connection.serdeConfig());
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, SimulationRequest> producer = new KafkaProducer<>(
                connection.producer("request-producer-" + campaign.campaignId(), null),
                Topics.SIMULATION_REQUESTS.keySerde(connection.serdeConfig()).serializer(), serde.serializer())) {
            campaign.requests(clock.instant()).forEach(r -> producer.send(
                    new ProducerRecord<>(Topics.SIMULATION_REQUESTS.name(), r.getObjectId(), r),
                    (meta, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            progress.accept(acked.incrementAndGet());
                        }
                    }));
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("sending campaign " + campaign.campaignId() + " failed after "
                    + acked.get() + " requests: " + failure.get().getMessage(), failure.get());
        }
        return acked.get();
    }
}
