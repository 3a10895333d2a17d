package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.consumers.Classifier;
import org.stemstream.consumers.cnn.ReloadingModel;
import org.stemstream.consumers.train.DatasetCache;
import org.stemstream.consumers.train.LabelledImages;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.StemImage;

/**
 * A classifier in its own JVM is SIGKILLed mid-stream (an open transaction left behind); a
 * replacement finishes. read_committed classifications hold every image exactly once.
 */
@ExtendWith(StemInfrastructure.class)
class ClassifierCrashIT {
    private static final int IMAGES = 400;

    @Test
    void aKilledClassifierLosesAndDuplicatesNothing(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String campaign = "it-classifier-crash-" + UUID.randomUUID().toString().substring(0, 8);
        LabelledImages images = DatasetCache.render("seed-benchmark", IMAGES, 777, null);
        try (Admin admin = Admin.create(kafka.common())) {
            long before = committed(admin);
            try (ChildProcess classifier = ChildProcess.stem(kafka, "classify", "--batch", "16", "--metrics-port", "-1",
                         "--models", LocalPipeline.defaultModels().toString());
                 KafkaProducer<String, StemImage> producer = new KafkaProducer<>(kafka.producer("it-classifier-crash", null),
                         new StringSerializer(), Topics.IMAGES_READY.valueSerde(kafka.serdeConfig()).serializer())) {
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < IMAGES; i++) {
                        producer.send(new ProducerRecord<>(Topics.IMAGES_READY.name(), campaign + "-o" + i, ReadyImages.of(campaign, images, i)));
                        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                    }
                    producer.flush();
                });
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> committed(admin) - before >= 60 || !classifier.alive());
                assertThat(classifier.alive()).as("child classifier died early:%n%s", classifier.logTail()).isTrue();
                classifier.kill();
                assertThat(committed(admin) - before).as("killed mid-stream").isLessThan(IMAGES);
                sending.get(2, TimeUnit.MINUTES);
            }
            try (ReloadingModel model = new ReloadingModel(LocalPipeline.defaultModels(), Duration.ofMinutes(1), new SimpleMeterRegistry());
                 Classifier replacement = new Classifier(new Classifier.Config(kafka, 32), model).start()) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> committed(admin) - before >= IMAGES);
            }
        }
        List<String> ids = TopicReader.records(kafka, Topics.CLASSIFICATIONS, campaign + "-").stream().map(r -> r.value())
                .filter(c -> campaign.equals(c.getCampaignId())).map(Classification::getImageId).toList();
        assertThat(ids).hasSize(IMAGES).doesNotHaveDuplicates();
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(Topics.CLASSIFIER_APP)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.IMAGES_READY.name()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

}
