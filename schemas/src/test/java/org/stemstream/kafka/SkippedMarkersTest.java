package org.stemstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A transaction's marker takes an offset: the offsets a stage commits reach past it, with a batch or, idle, on their own. */
class SkippedMarkersTest {
    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);
    private static final Duration TIMEOUT = Duration.ofMillis(10);

    private static MockConsumer<byte[], byte[]> consumerAt(long p0, long p1) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.seek(P0, p0);
        consumer.seek(P1, p1);
        return consumer;
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, new byte[0]);
    }

    @Test
    void aBatchCommitsPastItsRecordsAndPastTheMarkerAfterThem() {
        // records 3 and 4 of partition 0, then its marker at 5: the position is 6
        MockConsumer<byte[], byte[]> consumer = consumerAt(6, 2);
        Map<TopicPartition, OffsetAndMetadata> offsets = SkippedMarkers.of(List.of(record(P0, 3), record(P0, 4), record(P1, 1)), consumer, TIMEOUT);
        assertThat(offsets).containsEntry(P0, new OffsetAndMetadata(6)).containsEntry(P1, new OffsetAndMetadata(2));
    }

    @Test
    void anIdleStageCommitsOnlyThePositionsThatMovedPastItsLastCommit() {
        SkippedMarkers markers = new SkippedMarkers();
        markers.committed(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(2)));

        // a fetch that ended before partition 0's marker at 5; the next, idle poll skips it
        assertThat(markers.ahead(consumerAt(5, 2), TIMEOUT)).isEmpty();
        assertThat(markers.ahead(consumerAt(6, 2), TIMEOUT)).containsExactly(Map.entry(P0, new OffsetAndMetadata(6)));

        markers.committed(Map.of(P0, new OffsetAndMetadata(6)));
        assertThat(markers.ahead(consumerAt(6, 2), TIMEOUT)).as("committed: nothing more").isEmpty();
        markers.forget(List.of(P0));
        assertThat(markers.ahead(consumerAt(9, 2), TIMEOUT)).as("a partition no longer ours").isEmpty();
    }
}
