package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.ViewPlan;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.serde.SchemaRegistryClient;
import org.stemstream.schemas.serde.SchemaRegistryConfig;
import org.stemstream.simulator.Scenarios;

/** The walking skeleton end to end on a real broker and registry. */
@ExtendWith(StemInfrastructure.class)
class PipelineEndToEndIT {

    @Test
    void everyRequestIsClassifiedExactlyOnceAndEverySubjectIsRegistered(KafkaConnection kafka) {
        String campaignId = "it-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Campaign campaign = new Campaign(campaignId, Scenarios.named("seed-benchmark"), 200, 42);

        // two Kafka Streams threads in the noise and augmentation stages: exactly once across their tasks too
        try (LocalPipeline pipeline = LocalPipeline.start(kafka, campaignId, new LocalPipeline.Options(2, 2, 64))) {
            assertThat(pipeline.send(campaign, n -> { })).isEqualTo(200);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> pipeline.summary().classifications() >= 200);
            assertThat(pipeline.summary().distinctRequests()).isEqualTo(200);
            // fusion runs behind the classifier: its last objects may still be on their way when the classifications are in
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> fusedObjects(kafka, campaignId).size() >= 200);
            // all done: no group lags, though every stage after the worker reads a transactional topic whose
            // transactions end with a marker taking an offset (the monitor's lag and KEDA's scaling read this)
            for (var group : List.<Map.Entry<String, Topic<?, ?>>>of(Map.entry(Topics.SIMULATOR_WORKER_APP, Topics.SIMULATION_REQUESTS),
                    Map.entry(Topics.CLASSIFIER_APP, Topics.IMAGES_READY), Map.entry(Topics.FUSE_APP, Topics.CLASSIFICATIONS))) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(lag(kafka, group.getKey(), group.getValue())).as("lag of %s", group.getKey()).isZero());
            }
        }

        var deserializer = Topics.CLASSIFICATIONS.valueSerde(kafka.serdeConfig()).deserializer();
        List<Classification> results = TopicReader.readAll(kafka, Topics.CLASSIFICATIONS).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.value()))
                .filter(c -> campaignId.equals(c.getCampaignId()))
                .toList();
        Map<String, Long> perRequest = results.stream()
                .collect(Collectors.groupingBy(Classification::getRequestId, Collectors.counting()));
        List<String> expectedIds = campaign.requests(java.time.Instant.EPOCH).map(r -> r.getRequestId()).toList();
        assertThat(perRequest.keySet()).containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(perRequest.values()).allMatch(n -> n == 1L);
        assertThat(results).allSatisfy(c -> {
            assertThat(c.getTruth()).isNotNull();
            assertThat(c.getModelName()).isNotBlank();
            assertThat(c.getTimestamps()).extracting(t -> t.getStage())
                    .containsExactly("requested", Topics.SIMULATOR_WORKER_APP, Topics.NOISE_APP, Topics.AUGMENT_APP, Topics.CLASSIFIER_APP);
        });

        Map<String, Long> perObject = fusedObjects(kafka, campaignId).stream()
                .collect(Collectors.groupingBy(o -> o.getObjectId(), Collectors.counting()));
        assertThat(perObject).hasSize(200);
        assertThat(perObject.values()).allMatch(n -> n == 1L);

        List<String> subjects = new SchemaRegistryClient(SchemaRegistryConfig.of(kafka.schemaRegistryUrl())).subjects();
        assertThat(subjects).containsAll(Topics.avroTopics().stream().map(Topic::valueSubject).toList());
    }

    @Test
    void theViewsOfEachParticleAreFusedIntoOneVerdict(KafkaConnection kafka) {
        String campaignId = "it-views-" + UUID.randomUUID().toString().substring(0, 8);
        Campaign campaign = new Campaign(campaignId, Scenarios.named("seed-benchmark"), 12, 8, new ViewPlan.Independent(3));
        try (LocalPipeline pipeline = LocalPipeline.start(kafka, campaignId, new LocalPipeline.Options(2, 1, 64))) {
            assertThat(pipeline.send(campaign, n -> { })).isEqualTo(36);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> fusedObjects(kafka, campaignId).size() >= 12);
        }
        List<ObjectClassification> fused = fusedObjects(kafka, campaignId);
        assertThat(fused).hasSize(12);
        assertThat(fused).allSatisfy(o -> {
            assertThat(o.getViewsUsed()).isEqualTo(3);
            assertThat(o.getComplete()).isTrue();
            assertThat(o.getImageIds()).hasSize(3).doesNotHaveDuplicates();
            assertThat(o.getTruth()).isNotNull();
            assertThat(o.getPredictions()).isNotEmpty();
        });
        assertThat(fused).extracting(ObjectClassification::getObjectId).doesNotHaveDuplicates();
    }

    private static List<ObjectClassification> fusedObjects(KafkaConnection kafka, String campaignId) {
        var fused = Topics.OBJECT_CLASSIFICATIONS.valueSerde(kafka.serdeConfig()).deserializer();
        return TopicReader.readAll(kafka, Topics.OBJECT_CLASSIFICATIONS).stream()
                .map(r -> fused.deserialize(r.topic(), r.value()))
                .filter(o -> campaignId.equals(o.getCampaignId())).toList();
    }

    /** End offsets minus the group's committed offsets, summed over the topic's partitions. */
    private static long lag(KafkaConnection kafka, String group, Topic<?, ?> topic) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka.common())) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < topic.partitions(); p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(topic.name(), p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                var c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }
}
