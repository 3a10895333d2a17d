package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.train.LabelledImages;
import org.stemstream.consumers.train.TaskScore;
import org.stemstream.consumers.train.TopicDataset;
import org.stemstream.consumers.train.Trainer;
import org.stemstream.consumers.train.TrainerConfig;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.producers.Campaign;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Scenarios;

/** The trainer reads the pipeline's own noisy images (with their truth) off the real broker and trains on them. */
@ExtendWith(StemInfrastructure.class)
class TrainFromTopicIT {

    @Test
    void trainsOnLabelledImagesReadOffImagesNoisy(KafkaConnection kafka, @TempDir Path dir) throws Exception {
        String campaignId = "it-train-topic";
        try (LocalPipeline pipeline = LocalPipeline.start(kafka, campaignId, new LocalPipeline.Options(2, 1, 64))) {
            pipeline.send(new Campaign(campaignId, Scenarios.named("seed-benchmark"), 120, 5), n -> { });
            await().atMost(Duration.ofMinutes(3)).until(() -> pipeline.summary().classifications() >= 120);
        }

        LabelledImages images = TopicDataset.read(kafka, Topics.IMAGES_NOISY, 120, Duration.ofSeconds(5), null);
        assertThat(images.count()).isEqualTo(120);
        assertThat(images.width()).isEqualTo(128);
        assertThat(java.util.Arrays.stream(images.k()).distinct().count()).as("deformation counts from the truth").isGreaterThan(3);
        assertThat(images.image(0)).as("detector counts, not a blank image").matches(p -> max(p) > 20);
        LabelledImages again = TopicDataset.read(kafka, Topics.IMAGES_NOISY, 120, Duration.ofSeconds(5), null);
        assertThat(again.k()).as("the same images in the same order, read after read").containsExactly(images.k());
        assertThat(again.pixels()).isEqualTo(images.pixels()); // not containsExactly: its diff of 2 M values is quadratic

        TrainerConfig config = TrainerConfig.defaults("topic:" + Topics.IMAGES_NOISY.name(), 100, 1, 3, dir.resolve("model"))
                .withTestCount(20).withShapes("mixed-shapes", 0).withNetwork(new int[] {4, 8}, 1, true, 112, 4);
        Map<String, Object> report = Trainer.train(config, images.slice(0, 100), images.slice(100, 120), 0, (p, d, t) -> { });

        @SuppressWarnings("unchecked")
        List<TaskScore> test = (List<TaskScore>) report.get("test");
        assertThat(test).filteredOn(s -> s.task().equals("T2")).singleElement().satisfies(s -> assertThat(s.count()).isEqualTo(20));
        assertThat(CnnModel.load(dir.resolve("model")).metadata().training()).containsEntry("scenario", "topic:images-noisy");
        // what it trained and tested on, not the rendering defaults it never used
        assertThat(report).containsEntry("scenario", "topic:images-noisy").containsEntry("testCount", 20)
                .containsEntry("testSeed", null).containsEntry("shapeScenario", null).containsEntry("trainCount", 90);
        assertThat(((Map<?, ?>) report.get("speed")).keySet()).map(Object::toString).contains("readSeconds").doesNotContain("renderSeconds");
        assertThat(CnnModel.load(dir.resolve("model")).metadata().acquisition()).as("images as they come").isNull();
    }

    private static float max(float[] p) {
        float m = 0;
        for (float v : p) {
            m = Math.max(m, v);
        }
        return m;
    }
}
