package org.stemstream.producers.feed;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;

/**
 * Reads one offset back with a read_committed consumer: a committed record is returned, an
 * aborted one is skipped. Call it after {@code initTransactions}, which completes or aborts the
 * previous incarnation's open transaction, so the answer is final. A record already removed by
 * retention reads as not committed (its file is then sent again).
 */
final class KafkaCommitCheck implements CommitCheck {
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private final KafkaConnection connection;

    KafkaCommitCheck(KafkaConnection connection) {
        this.connection = connection;
    }

    @Override
    public boolean isCommitted(String topic, int partition, long offset) {
        var props = connection.consumer(Topics.FEED_APP + "-ledger-check-" + UUID.randomUUID(), Topics.FEED_APP + "-ledger-check");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.position(tp) <= offset) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    return records.iterator().next().offset() == offset; // an aborted record is skipped
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot tell within " + PATIENCE.toSeconds() + " s whether " + tp + " offset "
                            + offset + " was committed (an open transaction holds the partition back)");
                }
            }
            return false;
        }
    }
}
