package org.stemstream.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a transactional stage's input offsets end: a transaction's marker takes an offset, which
 * the consumer's position skips, and committing the last record's offset + 1 leaves a partition
 * one short of its end for good (a lag of one on an idle input, on the monitor and to KEDA). So a
 * batch commits the positions past its records ({@link #of}), and, since a fetch that ends before a
 * marker leaves the position short of it until the next poll, an idle stage commits the positions
 * that have moved past its last commit since ({@link #ahead}): read only while nothing is in hand,
 * when every record polled has been committed, so what lies between can only be markers.
 */
final class SkippedMarkers {
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /**
     * The offsets a batch's transaction commits: per partition, past its last record, or the
     * consumer's position when that is further (markers). Every record polled is in this batch or
     * an earlier one ({@link BatchCollector}): none lies between.
     */
    static Map<TopicPartition, OffsetAndMetadata> of(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        offsets.replaceAll((tp, last) -> {
            try {
                long position = consumer.position(tp, timeout);
                return position > last.offset() ? new OffsetAndMetadata(position) : last;
            } catch (org.apache.kafka.common.errors.TimeoutException | IllegalStateException unknown) {
                return last; // not known at once, or no longer assigned: the record's offset is right too
            }
        });
        return offsets;
    }

    /** A transaction committed these offsets. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
    }

    /** These partitions are no longer ours. */
    void forget(Collection<TopicPartition> partitions) {
        committed.keySet().removeAll(partitions);
    }

    /** The positions past the last commit of the partitions this stage has committed; empty when none moved. */
    Map<TopicPartition, OffsetAndMetadata> ahead(Consumer<?, ?> consumer, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> ahead = new HashMap<>();
        committed.forEach((tp, last) -> {
            try {
                long position = consumer.position(tp, timeout);
                if (position > last) {
                    ahead.put(tp, new OffsetAndMetadata(position));
                }
            } catch (org.apache.kafka.common.errors.TimeoutException | IllegalStateException unknown) {
                // not known at once, or no longer assigned: the next idle poll asks again
            }
        });
        return ahead;
    }
}
