package org.stemstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.Topics;

/**
 * The batching rule of {@link TransactionalStage} on Kafka's MockConsumer (each scheduled task
 * runs inside one poll, as records arriving between polls would): a unit test of the rule only;
 * the stage itself is tested against real brokers (SimulatorWorkerIT and the fault-injection ITs).
 */
class BatchCollectorTest {
    private static final String TOPIC = Topics.SIMULATION_REQUESTS.name();
    private final TopicPartition p0 = new TopicPartition(TOPIC, 0);
    private final TopicPartition p1 = new TopicPartition(TOPIC, 1);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private long nextOffset;

    @BeforeEach
    void assign() {
        consumer.assign(List.of(p0, p1));
        consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
    }

    private void arrive(TopicPartition tp, int count) {
        for (int i = 0; i < count; i++) {
            consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), nextOffset++, new byte[0], new byte[0]));
        }
    }

    private static List<Integer> partitions(List<ConsumerRecord<byte[], byte[]>> batch) {
        return batch.stream().map(ConsumerRecord::partition).toList();
    }

    @Test
    void aBatchStopsAtItsMaximumAndTheRestStartsTheNext() {
        BatchCollector collector = new BatchCollector(consumer, 3);
        consumer.setMaxPollRecords(3); // the stage's max.poll.records
        consumer.schedulePollTask(() -> arrive(p0, 5));

        assertThat(collector.collect(() -> true, () -> null)).hasSize(3);
        assertThat(collector.collect(() -> true, () -> null)).hasSize(2);
    }

    @Test
    void aQuietPollClosesTheBatch() {
        BatchCollector collector = new BatchCollector(consumer, 100);
        consumer.schedulePollTask(() -> arrive(p0, 2));
        consumer.schedulePollTask(() -> arrive(p0, 1));
        consumer.schedulePollTask(() -> { }); // nothing came within the idle gap
        consumer.schedulePollTask(() -> arrive(p0, 4));

        assertThat(collector.collect(() -> true, () -> null)).hasSize(3);
        assertThat(collector.collect(() -> true, () -> null)).hasSize(4);
    }

    @Test
    void anEmptyInputGivesAnEmptyBatch() {
        BatchCollector collector = new BatchCollector(consumer, 100);

        assertThat(collector.collect(() -> true, () -> null)).isEmpty();
    }

    @Test
    void whileAnEarlierBatchIsProcessedQuietPollsDoNotCloseTheBatchItsCompletionDoes() {
        BatchCollector collector = new BatchCollector(consumer, 100);
        CompletableFuture<Object> earlier = new CompletableFuture<>();
        consumer.schedulePollTask(() -> arrive(p0, 2));
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(() -> arrive(p1, 3));
        consumer.schedulePollTask(() -> earlier.complete("processed"));
        consumer.schedulePollTask(() -> arrive(p1, 7));

        assertThat(collector.collect(() -> true, () -> earlier)).hasSize(5);
        assertThat(collector.collect(() -> true, () -> null)).hasSize(7);
    }

    @Test
    void aFullBatchGoesAheadOfTheOneBeingProcessed() {
        BatchCollector collector = new BatchCollector(consumer, 4);
        Future<?> earlier = new CompletableFuture<>(); // never done
        consumer.schedulePollTask(() -> arrive(p0, 2));
        consumer.schedulePollTask(() -> arrive(p0, 2));
        consumer.schedulePollTask(() -> arrive(p0, 5));

        assertThat(collector.collect(() -> true, () -> earlier)).hasSize(4);
    }

    @Test
    void recordsOfPartitionsRevokedDuringAPollLeaveTheBatch() {
        BatchCollector collector = new BatchCollector(consumer, 100);
        consumer.schedulePollTask(() -> {
            arrive(p0, 2);
            arrive(p1, 2);
        });
        consumer.schedulePollTask(() -> {
            collector.dropPartitions(List.of(p0)); // what the stage's rebalance listener does inside poll
            arrive(p1, 1);
        });

        assertThat(partitions(collector.collect(() -> true, () -> null))).containsExactly(1, 1, 1);
    }

    @Test
    void aStoppedStageCollectsNothing() {
        BatchCollector collector = new BatchCollector(consumer, 100);
        arrive(p0, 3);

        assertThat(collector.collect(() -> false, () -> null)).isEmpty();
    }
}
