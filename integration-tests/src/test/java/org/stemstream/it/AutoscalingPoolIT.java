package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.deploy.scale.AutoscalingPool;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Scenarios;

/**
 * A burst of requests on a simulator pool that scales on lag: the pool grows to its maximum,
 * drains the backlog, shrinks back to one member, and every request is rendered exactly once
 * (read_committed).
 */
@ExtendWith(StemInfrastructure.class)
class AutoscalingPoolIT {
    private static final int REQUESTS = 1_500;

    @Test
    void aBurstGrowsThePoolWhichDrainsTheLagAndShrinksLosingAndDuplicatingNothing(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String campaign = "it-autoscale";
        AutoscalingPool.Rule rule = new AutoscalingPool.Rule(1, 3, 150, Duration.ofSeconds(2));
        try (Admin admin = Admin.create(kafka.common());
             AutoscalingPool<SimulatorWorker> pool = new AutoscalingPool<>(Topics.SIMULATOR_WORKER_APP, Topics.SIMULATION_REQUESTS,
                     () -> new SimulatorWorker(new SimulatorWorker.Config(kafka, 1, 50)).start(), rule, admin, Duration.ofMillis(300),
                     Clock.systemUTC())) {
            long base = org.stemstream.deploy.bench.PoolBenchmark.committed(admin);
            new RequestProducer(kafka, Clock.systemUTC()).send(new Campaign(campaign, Scenarios.named("seed-benchmark"), REQUESTS, 31), n -> { });

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> pool.size() == 3);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> org.stemstream.deploy.bench.PoolBenchmark.committed(admin) >= base + REQUESTS);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> pool.size() == 1);

            List<AutoscalingPool.Step> steps = pool.steps();
            assertThat(steps).extracting(AutoscalingPool.Step::members).contains(3, 2, 1);
            assertThat(steps.get(steps.size() - 1).members()).isEqualTo(1);
        }
        List<String> ids = TopicReader.records(kafka, Topics.IMAGES_RAW, campaign + "-").stream().map(r -> r.value())
                .filter(i -> campaign.equals(i.getCampaignId())).map(StemImage::getRequestId).toList();
        assertThat(ids).hasSize(REQUESTS).doesNotHaveDuplicates();
    }
}
