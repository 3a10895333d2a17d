package org.stemstream.deploy.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;

/**
 * Counts, per campaign, the classifications committed from the moment it is opened on (a
 * read_committed reader of the results topic). A phase of the benchmark ends when its campaign's
 * count reaches the requests sent: a consumer group's committed offsets cannot tell, because the
 * transaction markers that every transactional stage writes take offsets of their own, so a sum of
 * offsets reaches "start + n" while the last records are still in flight.
 */
final class ClassifiedCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<Classification> deserializer;
    private final Map<String, Long> counts = new HashMap<>();

    ClassifiedCounter(KafkaConnection kafka) {
        consumer = new KafkaConsumer<>(kafka.consumer("bench-counter-" + UUID.randomUUID(), "bench-counter"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deserializer = Topics.CLASSIFICATIONS.valueSerde(kafka.serdeConfig()).deserializer();
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CLASSIFICATIONS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before anything is sent
    }

    /** Reads what has been committed for up to {@code time}. */
    void pollFor(Duration time) throws InterruptedException {
        long deadline = System.nanoTime() + time.toNanos();
        do {
            org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(50));
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                // Kafka leaves the flag set, and every client closed on the way out would then fail to close
                Thread.interrupted();
                throw (InterruptedException) new InterruptedException("interrupted while counting classifications").initCause(e);
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                counts.merge(deserializer.deserialize(r.topic(), r.value()).getCampaignId(), 1L, Long::sum);
            }
        } while (System.nanoTime() < deadline);
    }

    long count(String campaign) {
        return counts.getOrDefault(campaign, 0L);
    }

    /** Waits until {@code campaign} has {@code n} classifications, or fails after {@code timeout}. */
    void await(String campaign, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(campaign) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(campaign + ": " + count(campaign) + " of " + n + " classified within " + timeout);
            }
            pollFor(Duration.ofMillis(20));
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
