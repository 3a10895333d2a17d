package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.Quaternion;
import org.stemstream.schemas.avro.ShapeKind;
import org.stemstream.schemas.avro.StemImage;

/**
 * The order of the images read off a topic is the topic's, not the fetches': round-robin over the
 * partitions by each one's usable images, up to the end offsets the read began with. Kafka's
 * MockConsumer stands in for the broker here, to fetch in orders a broker would rarely show; the
 * read off a real broker is TrainFromTopicIT's.
 */
class TopicDatasetTest {
    private static final String TOPIC = "images-noisy";

    /** Record values: "k:N:SIDE" an image with N cut corners, "bad" unreadable, "none" without truth. */
    private static final Deserializer<StemImage> IMAGES = (topic, bytes) -> {
        String value = new String(bytes, StandardCharsets.UTF_8);
        if (value.equals("bad")) {
            throw new org.apache.kafka.common.errors.SerializationException("unreadable");
        }
        boolean truth = !value.equals("none");
        String[] parts = value.split(":");
        int k = truth ? Integer.parseInt(parts[1]) : 0;
        int side = truth ? Integer.parseInt(parts[2]) : 4;
        return StemImage.newBuilder().setImageId(value).setRequestId(value).setObjectId(value).setCampaignId("c")
                .setSource(ImageSource.SIMULATED).setWidth(side).setHeight(side).setPixelSizeNm(0.25)
                .setEncoding(PixelEncoding.UINT16).setPixels(Pixels.uint16(new float[side * side]))
                .setTruth(truth ? new GroundTruth(ShapeKind.CUBOID, k, List.of(), null, new Quaternion(1.0, 0.0, 0.0, 0.0), 0.0) : null)
                .build();
    };

    /** Partition 1 ends at offset 2 when the read begins; its record at 2 comes later. */
    private static final Map<Integer, List<String>> RECORDS = Map.of(
            0, List.of("k:0:4", "k:1:4", "bad", "k:2:4", "k:3:4"),
            1, List.of("none", "k:10:4", "k:11:4"),
            2, List.of("k:20:4", "k:21:4", "k:22:4", "k:23:8"));
    private static final List<Integer> ROUND_ROBIN = List.of(0, 10, 20, 1, 21, 2, 22, 3); // k:23 is of another size

    private static MockConsumer<byte[], byte[]> consumer() {
        MockConsumer<byte[], byte[]> c = new MockConsumer<>("earliest");
        List<PartitionInfo> infos = new ArrayList<>();
        Map<TopicPartition, Long> begin = new HashMap<>();
        Map<TopicPartition, Long> end = new HashMap<>();
        for (int p = 2; p >= 0; p--) { // listed out of order
            infos.add(new PartitionInfo(TOPIC, p, Node.noNode(), new Node[0], new Node[0]));
            begin.put(new TopicPartition(TOPIC, p), 0L);
            end.put(new TopicPartition(TOPIC, p), p == 1 ? 2L : RECORDS.get(p).size());
        }
        c.updatePartitions(TOPIC, infos);
        c.updateBeginningOffsets(begin);
        c.updateEndOffsets(end);
        return c;
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, int offset) {
        return new ConsumerRecord<>(TOPIC, partition, offset, null, RECORDS.get(partition).get(offset).getBytes(StandardCharsets.UTF_8));
    }

    /** Every record, in one fetch. */
    private static void addAll(MockConsumer<byte[], byte[]> c) {
        RECORDS.forEach((p, values) -> {
            for (int o = 0; o < values.size(); o++) {
                c.addRecord(record(p, o));
            }
        });
    }

    private static List<Integer> counts(List<StemImage> images) {
        return images.stream().map(i -> i.getTruth().getDeformedCount()).toList();
    }

    @Test
    void imagesComeRoundRobinOverThePartitionsUpToTheEndOffsetsWhenTheReadBegan() {
        MockConsumer<byte[], byte[]> c = consumer();
        c.schedulePollTask(() -> addAll(c));

        assertThat(counts(TopicDataset.read(c, TOPIC, IMAGES, 100, Duration.ofSeconds(5), null))).containsExactlyElementsOf(ROUND_ROBIN);
    }

    @Test
    void fetchesInAnotherOrderGiveTheSameImages() {
        MockConsumer<byte[], byte[]> c = consumer();
        // one record per poll, the last partition first and each partition's records in turn
        List<ConsumerRecord<byte[], byte[]>> fetches = new ArrayList<>();
        for (int p = 2; p >= 0; p--) {
            for (int o = 0; o < RECORDS.get(p).size(); o++) {
                fetches.add(record(p, o));
            }
        }
        for (ConsumerRecord<byte[], byte[]> r : fetches) {
            c.schedulePollTask(() -> c.addRecord(r));
        }

        assertThat(counts(TopicDataset.read(c, TOPIC, IMAGES, 100, Duration.ofSeconds(5), null))).containsExactlyElementsOf(ROUND_ROBIN);
    }

    @Test
    void aSmallerCountTakesTheFirstOfTheRoundRobin() {
        MockConsumer<byte[], byte[]> c = consumer();
        c.schedulePollTask(() -> addAll(c));

        assertThat(counts(TopicDataset.read(c, TOPIC, IMAGES, 4, Duration.ofSeconds(5), null))).containsExactly(0, 10, 20, 1);
    }
}
