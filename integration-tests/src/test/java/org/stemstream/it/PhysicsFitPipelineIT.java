package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.producers.Campaign;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.simulator.Scenarios;

/** The pipeline with the physics fit as its classifier ({@code --method fit}) on a real broker and registry. */
@ExtendWith(StemInfrastructure.class)
class PhysicsFitPipelineIT {

    @Test
    void theFitClassifiesEveryRequestOnceAndCountsTheCutCornersWell(KafkaConnection kafka) {
        String campaignId = "it-fit-" + UUID.randomUUID().toString().substring(0, 8);
        int requests = 40;
        Campaign campaign = new Campaign(campaignId, Scenarios.named("seed-benchmark"), requests, 4242);

        try (LocalPipeline pipeline = LocalPipeline.start(kafka, campaignId, new LocalPipeline.Options(2, 1, 8).withFit(org.stemstream.consumers.fit.FitModel.withDefaults()))) {
            assertThat(pipeline.model().name()).isEqualTo("stem-fit");
            assertThat(pipeline.send(campaign, n -> { })).isEqualTo(requests);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> pipeline.summary().classifications() >= requests);
            assertThat(pipeline.summary().distinctRequests()).isEqualTo(requests);
            // 92 % on 2,000 held-out images (docs/physics-fit.md); the CNN counts about half right
            assertThat(pipeline.summary().accuracy().get("T2")).as("T2 accuracy of the fit").isGreaterThanOrEqualTo(0.75);
        }
        var deserializer = Topics.CLASSIFICATIONS.valueSerde(kafka.serdeConfig()).deserializer();
        List<Classification> results = TopicReader.readAll(kafka, Topics.CLASSIFICATIONS).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.value()))
                .filter(c -> campaignId.equals(c.getCampaignId()))
                .toList();
        assertThat(results).hasSize(requests).allSatisfy(c -> {
            assertThat(c.getModelName()).isEqualTo("stem-fit");
            assertThat(c.getPredictions()).extracting(p -> p.getTask()).containsExactly("T1", "T2", "T3", "T4");
        });
    }
}
