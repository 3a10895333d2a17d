package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Imaging;
import org.stemstream.streams.NoiseProcessor;

/** Streams' built-in dead-letter queue on a real broker: corrupt bytes land in noise-dlq with the reason. */
@ExtendWith(StemInfrastructure.class)
class NoiseDeadLetterIT {

    @Test
    void corruptImagesGoToTheNoiseDeadLetterTopic(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String key = "it-noise-dlq-" + UUID.randomUUID();
        try (NoiseProcessor noise = new NoiseProcessor(new NoiseProcessor.Config(kafka, Imaging.defaults(), 1,
                Files.createTempDirectory("it-noise").toString())).start();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("it-noise", null), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.IMAGES_RAW.name(), key.getBytes(StandardCharsets.UTF_8), "not an image".getBytes(StandardCharsets.UTF_8))).get();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> TopicReader.readAll(kafka, Topics.NOISE_DLQ).stream()
                    .anyMatch(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))));
        }
        var dead = TopicReader.readAll(kafka, Topics.NOISE_DLQ).stream()
                .filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))).toList();
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not an image");
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("magic byte"));
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.TOPIC)).contains(Topics.IMAGES_RAW.name());
    }
}
