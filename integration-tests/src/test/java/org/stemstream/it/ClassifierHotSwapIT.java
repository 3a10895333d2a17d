package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.consumers.Classifier;
import org.stemstream.consumers.cnn.ModelFolder;
import org.stemstream.consumers.cnn.ModelMetadata;
import org.stemstream.consumers.cnn.ReloadingModel;
import org.stemstream.consumers.train.DatasetCache;
import org.stemstream.consumers.train.LabelledImages;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.StemImage;

/**
 * The classifier consumer scores images from the real broker with the shipped model; a new
 * version dropped into its models folder mid-stream takes over between two batches: every image
 * is classified exactly once, and in each partition the results switch from the old version to
 * the new one once and for all.
 */
@ExtendWith(StemInfrastructure.class)
class ClassifierHotSwapIT {
    private static final int IMAGES = 300;

    @Test
    void aNewModelVersionDroppedMidStreamTakesOverWithoutLosingOrDuplicatingResults(KafkaConnection kafka, @TempDir Path models) throws Exception {
        kafka.ensureTopics(Topics.all());
        Path shipped = ModelFolder.best(LocalPipeline.defaultModels()).orElseThrow().dir();
        String oldVersion = copyModel(shipped, models.resolve("old"), null);
        String campaign = "it-hot-swap-" + UUID.randomUUID();
        LabelledImages images = DatasetCache.render("seed-benchmark", IMAGES, 4242, null);

        String newVersion;
        try (ReloadingModel model = new ReloadingModel(models, Duration.ofMillis(200), new SimpleMeterRegistry());
             Classifier classifier = new Classifier(new Classifier.Config(kafka, 16), model).start();
             KafkaProducer<String, StemImage> producer = new KafkaProducer<>(kafka.producer("it-hot-swap", null),
                     new StringSerializer(), Topics.IMAGES_READY.valueSerde(kafka.serdeConfig()).serializer())) {
            assertThat(model.version()).isEqualTo(oldVersion);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < IMAGES; i++) {
                    producer.send(new ProducerRecord<>(Topics.IMAGES_READY.name(), campaign + "-o" + i, ReadyImages.of(campaign, images, i)));
                    LockSupport.parkNanos(Duration.ofMillis(15).toNanos()); // a steady stream, ~4.5 s
                }
                producer.flush();
            });
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> results(kafka, campaign).size() >= 40);

            newVersion = copyModel(shipped, models.resolve("new"), oldVersion + ".1");
            await().atMost(Duration.ofSeconds(30)).until(() -> model.version().equals(newVersion));
            assertThat(sending).as("the swap happened while images were still arriving").isNotDone();
            sending.get();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> results(kafka, campaign).size() >= IMAGES);
        }

        List<ConsumerRecord<byte[], Classification>> results = results(kafka, campaign);
        assertThat(results).extracting(r -> r.value().getImageId()).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(results).extracting(r -> r.value().getModelVersion()).contains(oldVersion, newVersion).containsOnly(oldVersion, newVersion);
        assertThat(results).allSatisfy(r -> assertThat(r.value().getPredictions()).extracting(p -> p.getTask()).contains("T1", "T2", "T3"));
        Map<Integer, List<String>> versionsByPartition = new HashMap<>();
        results.forEach(r -> versionsByPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value().getModelVersion()));
        versionsByPartition.forEach((partition, versions) -> {
            int firstNew = versions.indexOf(newVersion);
            if (firstNew >= 0) {
                assertThat(versions.subList(firstNew, versions.size())).as("partition %d after the swap", partition).containsOnly(newVersion);
            }
        });
    }

    /** Copies a model folder (metadata last, as a user should), optionally with a new version; returns the version. */
    private static String copyModel(Path from, Path to, String version) throws Exception {
        Files.createDirectories(to);
        Files.copy(from.resolve(ModelMetadata.MODEL_FILE), to.resolve(ModelMetadata.MODEL_FILE));
        ModelMetadata m = ModelMetadata.read(from.resolve(ModelMetadata.FILE));
        ModelMetadata copy = version == null ? m
                : new ModelMetadata(m.name(), version, m.imageWidth(), m.imageHeight(), m.acquisition(), m.preprocessing(), m.tasks(), m.training(), m.int8());
        copy.write(to.resolve(ModelMetadata.FILE));
        return copy.version();
    }

    private static List<ConsumerRecord<byte[], Classification>> results(KafkaConnection kafka, String campaign) {
        List<ConsumerRecord<byte[], Classification>> out = new ArrayList<>(TopicReader.records(kafka, Topics.CLASSIFICATIONS, campaign + "-"));
        out.removeIf(r -> !campaign.equals(r.value().getCampaignId()));
        out.sort(java.util.Comparator.<ConsumerRecord<byte[], Classification>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }
}
