package org.stemstream.deploy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.StageLatencies;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;

/**
 * A campaign's latencies in ms, read back from the results topic (the stage timestamps each
 * classification carries): sorted end to end, sorted per stage from the previous stage's
 * timestamp, and the end-to-end and per-stage p99 of each {@link #WINDOW} of request time (where
 * in the run the tail falls, and in which hop; null where a window has no record of that hop).
 */
record Latencies(double[] endToEnd, Map<String, double[]> perStage, List<Double> p99ByWindow,
                 Map<String, List<Double>> stageP99ByWindow) {

    static final Duration WINDOW = Duration.ofSeconds(5);

    /** Latencies (from the stage timestamps) of the campaign's classifications. */
    static Latencies read(KafkaConnection kafka, String campaign) {
        return read(kafka, List.of(campaign)).get(campaign);
    }

    /** Latencies of each campaign's classifications, from one read of the classifications topic. */
    static Map<String, Latencies> read(KafkaConnection kafka, List<String> campaigns) {
        var props = kafka.consumer("bench-reader-" + UUID.randomUUID(), "bench-reader");
        var deserializer = Topics.CLASSIFICATIONS.valueSerde(kafka.serdeConfig()).deserializer();
        Map<String, Collector> collectors = new LinkedHashMap<>();
        campaigns.forEach(campaign -> collectors.put(campaign, new Collector()));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CLASSIFICATIONS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Classification c = deserializer.deserialize(r.topic(), r.value());
                    Collector collector = collectors.get(c.getCampaignId());
                    if (collector != null && c.getTimestamps().size() >= 2) {
                        collector.add(c);
                    }
                }
            }
        }
        Map<String, Latencies> out = new LinkedHashMap<>();
        collectors.forEach((campaign, collector) -> out.put(campaign, collector.latencies()));
        return out;
    }

    /** One campaign's latencies as its classifications are read. */
    private static final class Collector {
        private final List<Double> endToEnd = new ArrayList<>();
        private final Map<String, List<Double>> stages = new LinkedHashMap<>();
        private final java.util.TreeMap<Long, List<Double>> windows = new java.util.TreeMap<>();
        private final java.util.TreeMap<Long, Map<String, List<Double>>> stageWindows = new java.util.TreeMap<>();

        void add(Classification c) {
            double millis = StageLatencies.endToEndMillis(c.getTimestamps());
            endToEnd.add(millis);
            long window = c.getTimestamps().get(0).getAtMillis().toEpochMilli() / WINDOW.toMillis();
            windows.computeIfAbsent(window, k -> new ArrayList<>()).add(millis);
            Map<String, List<Double>> hops = stageWindows.computeIfAbsent(window, k -> new LinkedHashMap<>());
            StageLatencies.forEachHop(c.getTimestamps(), (stage, hop) -> {
                stages.computeIfAbsent(stage, k -> new ArrayList<>()).add((double) hop);
                hops.computeIfAbsent(stage, k -> new ArrayList<>()).add((double) hop);
            });
        }

        Latencies latencies() {
            Map<String, double[]> perStage = new LinkedHashMap<>();
            stages.forEach((stage, millis) -> perStage.put(stage, sorted(millis)));
            Map<String, List<Double>> stageP99ByWindow = new LinkedHashMap<>();
            stages.keySet().forEach(stage -> stageP99ByWindow.put(stage, stageWindows.values().stream()
                    .map(w -> w.containsKey(stage) ? Double.valueOf(percentile(sorted(w.get(stage)), 99)) : null).toList()));
            return new Latencies(sorted(endToEnd), perStage, windows.values().stream().map(w -> percentile(sorted(w), 99)).toList(),
                    stageP99ByWindow);
        }
    }

    static double[] sorted(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
