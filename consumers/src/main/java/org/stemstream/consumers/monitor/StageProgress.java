package org.stemstream.consumers.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;

/**
 * Throughput and backlog per pipeline stage, from the broker: for each stage's consumer group,
 * the committed offsets on its input topic against the topic's end offsets (lag), and the rate at
 * which the committed offsets advance between two polls (records/s).
 */
public final class StageProgress {
    /** A stage: its consumer group (the Streams application id for Streams apps) and input topic. */
    public record Stage(String group, Topic<?, ?> input) {
    }

    public static final List<Stage> PIPELINE = List.of(
            new Stage(Topics.SIMULATOR_WORKER_APP, Topics.SIMULATION_REQUESTS),
            new Stage(Topics.NOISE_APP, Topics.IMAGES_RAW),
            new Stage(Topics.AUGMENT_APP, Topics.IMAGES_NOISY),
            new Stage(Topics.CLASSIFIER_APP, Topics.IMAGES_READY),
            new Stage(Topics.FUSE_APP, Topics.CLASSIFICATIONS));

    private final Admin admin;
    private final List<Stage> stages;
    private final Map<String, long[]> previous = new LinkedHashMap<>(); // group -> {committed, atMillis}

    public StageProgress(Admin admin, List<Stage> stages) {
        this.admin = admin;
        this.stages = List.copyOf(stages);
    }

    /** One poll: per group {input, committed, end, lag, members, recordsPerSecond}. */
    public Map<String, Object> poll(long nowMillis) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Stage stage : stages) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(stage.group())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(List.of(stage.input().name())).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(stage.input().name()).partitions().stream()
                    .map(p -> new TopicPartition(stage.input().name(), p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            long end = 0;
            long done = 0;
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                end += e.getValue().offset();
                OffsetAndMetadata c = committed.get(e.getKey());
                done += c == null ? 0 : c.offset();
            }
            int members = admin.describeConsumerGroups(List.of(stage.group())).all().get(10, TimeUnit.SECONDS)
                    .get(stage.group()).members().size();
            long[] prev = previous.put(stage.group(), new long[] {done, nowMillis});
            double rate = prev == null || nowMillis <= prev[1] ? Double.NaN : (done - prev[0]) * 1000.0 / (nowMillis - prev[1]);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("input", stage.input().name());
            s.put("committed", done);
            s.put("end", end);
            s.put("lag", Math.max(0, end - done));
            s.put("members", members);
            s.put("recordsPerSecond", MonitorState.num(rate));
            out.put(stage.group(), s);
        }
        return out;
    }
}
