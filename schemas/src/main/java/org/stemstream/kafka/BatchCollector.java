package org.stemstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Polls a {@link TransactionalStage}'s consumer into batches, one transaction each: a transaction
 * costs a few broker round trips, so under load it should carry many records, not the handful one
 * poll may return. Stage thread only.
 */
final class BatchCollector {
    /** How long a batch may keep collecting records after its first one. */
    static final Duration BATCH_WINDOW = Duration.ofMillis(100);
    /**
     * A batch closes early once no record has come for this long: under light load a record then
     * waits a few milliseconds, not the whole window, while under load records keep arriving and
     * batches fill.
     */
    static final Duration IDLE_GAP = Duration.ofMillis(5);
    /** While a batch is being processed, the next one is collected in polls this short, so that it commits as soon as it is ready. */
    static final Duration PENDING_POLL = Duration.ofMillis(1);

    private final Consumer<byte[], byte[]> consumer;
    private final int maxBatch;
    /** The batch being collected, so that a rebalance can take revoked partitions out of it. */
    private List<ConsumerRecord<byte[], byte[]>> collecting = new ArrayList<>();

    BatchCollector(Consumer<byte[], byte[]> consumer, int maxBatch) {
        this.consumer = consumer;
        this.maxBatch = maxBatch;
    }

    /**
     * Polls until the batch is full, {@link #BATCH_WINDOW} has passed since its first record, or
     * the input has gone quiet for {@link #IDLE_GAP}. While an earlier batch is being processed
     * ({@code oldestPending} gives its result, or null when none is in hand; a rebalance inside a
     * poll may commit it), collecting goes on until that batch is ready to commit or this one is
     * full; only full batches go ahead of the one committing.
     */
    List<ConsumerRecord<byte[], byte[]>> collect(BooleanSupplier running, Supplier<Future<?>> oldestPending) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        collecting = batch;
        long deadline = Long.MAX_VALUE;
        while (running.getAsBoolean() && batch.size() < maxBatch) {
            Future<?> oldest = oldestPending.get();
            boolean overlapping = oldest != null;
            if (overlapping && oldest.isDone()) {
                break;
            }
            long wait = overlapping ? PENDING_POLL.toMillis()
                    : deadline == Long.MAX_VALUE ? 500
                    : Math.min(IDLE_GAP.toMillis(), (deadline - System.nanoTime()) / 1_000_000);
            if (wait <= 0) {
                break;
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(wait));
            records.forEach(batch::add);
            if (!batch.isEmpty() && deadline == Long.MAX_VALUE) {
                deadline = System.nanoTime() + BATCH_WINDOW.toNanos();
            }
            if (overlapping) {
                // no window while an earlier batch is processed: what arrives meanwhile joins one
                // batch, as it would in a stage that processes and commits one batch at a time
                // (closing it early made more, smaller batches and transactions, and under moderate
                // load more latency: bench pipeline p50 ~450-720 -> ~760 ms)
                continue;
            }
            if (batch.isEmpty()) {
                return batch;
            }
            if (records.isEmpty()) {
                break; // quiet for IDLE_GAP: process what came
            }
        }
        return batch;
    }

    /**
     * Moves the consumer back to the committed offsets ({@code readCommitted}) of those of
     * {@code partitions} it still holds, or to their beginning where none is committed: after a
     * transaction aborts, its records and those polled after them are read again, nothing skipped.
     */
    void rewind(Set<TopicPartition> partitions, Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> readCommitted) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = readCommitted.apply(partitions);
        for (TopicPartition tp : partitions) {
            if (!consumer.assignment().contains(tp)) {
                continue;
            }
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                consumer.seek(tp, c.offset());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    /**
     * A batch spans several polls, and a rebalance happens inside poll: records of partitions
     * revoked or lost meanwhile must not be processed here (their new owner reads them again from
     * the committed offset), or both members would write them. Nothing of the batch being collected
     * has been produced yet, so dropping them is enough.
     */
    void dropPartitions(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            collecting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        }
    }
}
