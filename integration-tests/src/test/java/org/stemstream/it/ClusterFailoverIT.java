package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.deploy.bench.PoolBenchmark;
import org.stemstream.infra.EmbeddedKafkaCluster;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Scenarios;

/**
 * A three-node KRaft cluster (replication factor 3, min ISR 2) loses a node mid-campaign: the
 * producer and the exactly-once worker carry on with the other two, and every request is rendered
 * exactly once.
 *
 * <p>History (issue 7): it passed alone but failed in 3 of 3 full suite runs. The brokers refused
 * the request producer's batches as out of order ("0 (incoming seq. number), 5 (current end
 * sequence number)" for its own producer id), and those batches expired after 120 s. An idempotent
 * producer whose batch fails renumbers the batches in flight behind it, which a broker that did
 * write the failed one must refuse. Since non-transactional producers keep one request in flight
 * (KafkaConnection), it passed in 2 of 2 full suite runs.
 */
@ExtendWith(StemInfrastructure.class)
class ClusterFailoverIT {
    private static final int REQUESTS = 600;

    @Test
    void aNodeLostMidCampaignLosesAndDuplicatesNothing(KafkaConnection shared) throws Exception {
        try (EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(3)) {
            KafkaConnection kafka = new KafkaConnection(cluster.bootstrapServers(), shared.schemaRegistryUrl());
            kafka.ensureTopics(Topics.all());
            String campaign = "it-failover";
            try (Admin admin = Admin.create(kafka.common());
                 SimulatorWorker worker = new SimulatorWorker(new SimulatorWorker.Config(kafka, 1, 50)).start()) {
                assertThat(admin.describeTopics(List.of(Topics.IMAGES_RAW.name())).allTopicNames().get().get(Topics.IMAGES_RAW.name())
                        .partitions().get(0).replicas()).hasSize(3);
                CompletableFuture<Long> sending = CompletableFuture.supplyAsync(() -> new RequestProducer(kafka, Clock.systemUTC())
                        .send(new Campaign(campaign, Scenarios.named("seed-benchmark"), REQUESTS, 43), 150, n -> { }));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> PoolBenchmark.committed(admin) >= 100);
                cluster.stop(1);
                assertThat(PoolBenchmark.committed(admin)).as("lost mid-campaign").isLessThan(REQUESTS);

                assertThat(sending.get(3, TimeUnit.MINUTES)).isEqualTo(REQUESTS);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> PoolBenchmark.committed(admin) >= REQUESTS);
                assertThat(worker.failure()).isNull();
            }
            var deserializer = Topics.IMAGES_RAW.valueSerde(kafka.serdeConfig()).deserializer();
            // committed offsets can show before every output partition has its commit marker: wait for the images
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> TopicReader.readAll(kafka, Topics.IMAGES_RAW).size() >= REQUESTS);
            List<String> ids = TopicReader.readAll(kafka, Topics.IMAGES_RAW).stream()
                    .map(r -> deserializer.deserialize(r.topic(), r.value())).map(StemImage::getRequestId).toList();
            assertThat(ids).hasSize(REQUESTS).doesNotHaveDuplicates();
        }
    }
}
