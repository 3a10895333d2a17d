package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.deploy.bench.PoolBenchmark;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.simulator.Scenarios;

/**
 * A simulator worker in its own JVM is SIGKILLed mid-campaign (an open transaction left behind);
 * a replacement finishes the campaign. read_committed output holds every request exactly once.
 */
@ExtendWith(StemInfrastructure.class)
class WorkerCrashIT {

    @Test
    void aKilledWorkerLosesAndDuplicatesNothing(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String campaignId = "it-crash-" + UUID.randomUUID().toString().substring(0, 8);
        Campaign campaign = new Campaign(campaignId, Scenarios.named("seed-benchmark"), 600, 17);
        long before = committed(kafka);

        try (ChildProcess worker = ChildProcess.stem(kafka, "simulator-worker", "--threads", "1")) {
            CompletableFuture<Long> sending = CompletableFuture.supplyAsync(
                    () -> new RequestProducer(kafka, Clock.systemUTC()).send(campaign, 150, n -> { }));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> committed(kafka) - before >= 100 || !worker.alive());
            assertThat(worker.alive()).as("child worker died early:%n%s", worker.logTail()).isTrue();
            worker.kill();
            long atKill = committed(kafka) - before;
            assertThat(atKill).as("killed mid-campaign").isLessThan(600);
            assertThat(sending.get()).isEqualTo(600);
        }

        try (SimulatorWorker replacement = new SimulatorWorker(new SimulatorWorker.Config(kafka, 2, 50)).start()) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> committed(kafka) - before >= 600);
        }

        assertExactlyOnce(kafka, campaign);
    }

    @Test
    void aMemberJoiningMidCampaignLosesAndDuplicatesNothing(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String campaignId = "it-join-" + UUID.randomUUID().toString().substring(0, 8);
        Campaign campaign = new Campaign(campaignId, Scenarios.named("seed-benchmark"), 600, 23);
        long before = committed(kafka);
        try (SimulatorWorker first = new SimulatorWorker(new SimulatorWorker.Config(kafka, 1, 50)).start()) {
            CompletableFuture<Long> sending = CompletableFuture.supplyAsync(
                    () -> new RequestProducer(kafka, Clock.systemUTC()).send(campaign, 150, n -> { }));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> committed(kafka) - before >= 100);
            assertThat(committed(kafka) - before).as("joined mid-campaign").isLessThan(600);
            try (SimulatorWorker second = new SimulatorWorker(new SimulatorWorker.Config(kafka, 1, 50)).start()) {
                assertThat(sending.get()).isEqualTo(600);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> committed(kafka) - before >= 600);
                assertThat(second.rendered()).as("the new member took a share").isPositive();
            }
        }
        assertExactlyOnce(kafka, campaign);
    }

    /**
     * Every request's image exactly once in read_committed output, eventually: the killed worker's
     * open transaction holds back what read_committed readers see (the last stable offset) until
     * the coordinator aborts it, transaction.timeout.ms (15 s) after the kill, and the replacement
     * can commit everything sooner than that.
     */
    private static void assertExactlyOnce(KafkaConnection kafka, Campaign campaign) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertExactlyOnceNow(kafka, campaign));
    }

    private static void assertExactlyOnceNow(KafkaConnection kafka, Campaign campaign) {
        String campaignId = campaign.campaignId();
        var images = Topics.IMAGES_RAW.valueSerde(kafka.serdeConfig()).deserializer();
        Map<String, Integer> perRequest = new HashMap<>();
        TopicReader.readAll(kafka, Topics.IMAGES_RAW).forEach(r -> {
            var image = images.deserialize(r.topic(), r.value());
            if (campaignId.equals(image.getCampaignId())) {
                perRequest.merge(image.getRequestId(), 1, Integer::sum);
            }
        });
        List<String> expected = campaign.requests(java.time.Instant.EPOCH).map(SimulationRequest::getRequestId).toList();
        assertThat(perRequest.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(perRequest.values()).allMatch(n -> n == 1);
    }

    /** Requests the simulator-worker group has committed, over all partitions. */
    private static long committed(KafkaConnection kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.common())) {
            return PoolBenchmark.committed(admin);
        }
    }
}
