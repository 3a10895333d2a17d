package org.stemstream.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;

/** Reads every committed record of a topic, from the beginning up to the current end. */
final class TopicReader {
    private TopicReader() {
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConnection kafka, Topic<?, ?> topic) {
        var props = kafka.consumer("it-reader-" + UUID.randomUUID(), "it-reader");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic.name() + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The values of the records whose key starts with {@code keyPrefix} (a test's own campaign:
     * other tests leave deliberately broken records on the shared topics), deserialized.
     */
    static <V> List<ConsumerRecord<byte[], V>> records(KafkaConnection kafka, Topic<String, V> topic, String keyPrefix) {
        var deserializer = topic.valueSerde(kafka.serdeConfig()).deserializer();
        List<ConsumerRecord<byte[], V>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(kafka, topic)) {
            if (r.key() != null && new String(r.key(), java.nio.charset.StandardCharsets.UTF_8).startsWith(keyPrefix)) {
                out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), deserializer.deserialize(r.topic(), r.value())));
            }
        }
        return out;
    }
}
