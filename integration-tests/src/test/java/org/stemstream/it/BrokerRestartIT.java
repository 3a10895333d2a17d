package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.deploy.bench.PoolBenchmark;
import org.stemstream.infra.EmbeddedKafka;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Scenarios;

/**
 * The broker restarts mid-campaign (same ports and data folder): the request producer and the
 * exactly-once worker ride it out, and every request is rendered exactly once.
 *
 * <p>DISABLED, an open finding (issue 7): in about one run of three it fails, in one of two ways.
 * (1) After the last restart, about 30 of 600 images are missing from the read_committed view,
 * scattered over partitions, although the worker saw no aborted transaction and its committed
 * offsets cover all 600 requests. (2) The request producer stalls on one partition until the
 * batch expires (120 s), the symptom of the single unreproduced demo stall. Both need a look at
 * how the in-process KRaft broker restarts (transaction markers, producer state) before this test
 * can gate CI. Run it with {@code -Dit.test=BrokerRestartIT -Dstem.it.knownIssues=true}.
 */
@ExtendWith(StemInfrastructure.class)
@EnabledIfSystemProperty(named = "stem.it.knownIssues", matches = "true")
class BrokerRestartIT {
    private static final int REQUESTS = 600;

    @Test
    void aBrokerRestartMidCampaignLosesAndDuplicatesNothing(KafkaConnection shared, @TempDir Path dir) throws Exception {
        int port;
        int controllerPort;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            port = a.getLocalPort();
            controllerPort = b.getLocalPort();
        }
        EmbeddedKafka.Config config = EmbeddedKafka.Config.defaults().withPort(port).withControllerPort(controllerPort)
                .withDataDir(Files.createDirectories(dir.resolve("kafka")));
        EmbeddedKafka broker = EmbeddedKafka.start(config);
        KafkaConnection kafka = new KafkaConnection(broker.bootstrapServers(), shared.schemaRegistryUrl());
        String campaign = "it-broker-restart";
        try (Admin admin = Admin.create(kafka.common());
             SimulatorWorker worker = new SimulatorWorker(new SimulatorWorker.Config(kafka, 1, 50)).start()) {
            kafka.ensureTopics(Topics.all());
            CompletableFuture<Long> sending = CompletableFuture.supplyAsync(() -> new RequestProducer(kafka, Clock.systemUTC())
                    .send(new Campaign(campaign, Scenarios.named("seed-benchmark"), REQUESTS, 41), 120, n -> { }));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> PoolBenchmark.committed(admin) >= 100);

            broker.close();
            Thread.sleep(2_000); // clients see the broker gone: connection refused, retries, aborted transactions
            broker = EmbeddedKafka.start(config);

            assertThat(sending.get(3, TimeUnit.MINUTES)).isEqualTo(REQUESTS);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> PoolBenchmark.committed(admin) >= REQUESTS);
            assertThat(worker.failure()).as("the worker survived the restart").isNull();
            assertThat(worker.deadLettered()).as("dead letters").isZero();
            var d = Topics.IMAGES_RAW.valueSerde(kafka.serdeConfig()).deserializer();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(TopicReader.readAll(kafka, Topics.IMAGES_RAW).stream().map(r -> d.deserialize(r.topic(), r.value()).getRequestId())
                            .distinct().count()).as("rendered, read_committed, before the last restart").isEqualTo(REQUESTS));
        } finally {
            broker.close();
        }
        // read after the restart, from the restarted broker's log
        EmbeddedKafka again = EmbeddedKafka.start(config);
        try {
            var deserializer = Topics.IMAGES_RAW.valueSerde(kafka.serdeConfig()).deserializer();
            List<String> ids = TopicReader.readAll(kafka, Topics.IMAGES_RAW).stream()
                    .map(r -> deserializer.deserialize(r.topic(), r.value())).map(StemImage::getRequestId).toList();
            java.util.Set<String> missing = new java.util.TreeSet<>();
            for (int i = 0; i < REQUESTS; i++) {
                missing.add(campaign + "-r" + i);
            }
            ids.forEach(missing::remove);
            assertThat(missing).as("missing").isEmpty();
            assertThat(ids).hasSize(REQUESTS).doesNotHaveDuplicates();
        } finally {
            again.close();
        }
    }
}
