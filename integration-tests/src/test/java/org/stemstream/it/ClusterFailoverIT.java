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
 * <p>ENABLED ONLY WITH {@code -Dstem.it.knownIssues=true}, an open finding (issue 7): it passes
 * alone (5 runs of 5 here), but in two of two full suite runs the request producer's appends to
 * some partitions failed from the start (the brokers logged append errors before any node was
 * stopped), and those batches expired after delivery.timeout.ms, so the campaign was not sent.
 * Nothing was lost or duplicated in the runs that completed. A third full-suite run (stop 10,
 * after topics began waiting for partition leaders) failed the same way, and the brokers' log
 * shows what the refusals are: "Out of order sequence number for producer 1000 at offset 1 in
 * partition simulation-requests-3: 0 (incoming seq. number), 5 (current end sequence number)".
 * The partition already held the request producer's first batch (sequences 0-5), and a batch
 * numbered from 0 again arrived under the same producer id, was refused, retried, and expired
 * after 120 s. Next step: client DEBUG logs of the request producer's TransactionManager in a
 * failing run (why it restarts its sequence for a partition without bumping its epoch).
 */
@ExtendWith(StemInfrastructure.class)
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "stem.it.knownIssues", matches = "true")
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
            List<String> ids = TopicReader.readAll(kafka, Topics.IMAGES_RAW).stream()
                    .map(r -> deserializer.deserialize(r.topic(), r.value())).map(StemImage::getRequestId).toList();
            assertThat(ids).hasSize(REQUESTS).doesNotHaveDuplicates();
        }
    }
}
