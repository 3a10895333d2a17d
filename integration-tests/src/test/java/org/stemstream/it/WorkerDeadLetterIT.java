package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.avro.Quaternion;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.simulator.Scenarios;

/** Bad requests go to the worker's dead-letter topic with a reason; good ones still flow. */
@ExtendWith(StemInfrastructure.class)
class WorkerDeadLetterIT {

    @Test
    void invalidRequestsAreDeadLetteredWithTheirReasonAndValidOnesRendered(KafkaConnection kafka) {
        kafka.ensureTopics(Topics.all());
        String run = "it-dlq-" + UUID.randomUUID().toString().substring(0, 8);
        List<SimulationRequest> valid = new Campaign(run, Scenarios.named("seed-benchmark"), 5, 11).requests(Instant.now()).toList();
        SimulationRequest template = valid.get(0);
        Map<String, UnaryOperator<SimulationRequest.Builder>> invalid = Map.of(
                "zero norm", b -> b.setOrientation(new Quaternion(0.0, 0.0, 0.0, 0.0)),
                "5000", b -> b.setWidthPx(5000).setHeightPx(5000),
                "dose", b -> b.setImaging(ImagingParameters.newBuilder(template.getImaging()).setDose(-1.0).build()),
                "pixel size", b -> b.setPixelSizeNm(Double.NaN));

        var serializer = Topics.SIMULATION_REQUESTS.valueSerde(kafka.serdeConfig()).serializer();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("it-dlq", null), new ByteArraySerializer(), new ByteArraySerializer())) {
            String topic = Topics.SIMULATION_REQUESTS.name();
            for (var e : invalid.entrySet()) {
                SimulationRequest bad = e.getValue().apply(SimulationRequest.newBuilder(template)).setObjectId(run + "-bad-" + e.getKey()).build();
                producer.send(new ProducerRecord<>(topic, key(bad.getObjectId()), serializer.serialize(topic, bad)));
            }
            producer.send(new ProducerRecord<>(topic, key(run + "-bad-magic"), "not avro at all".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, key(run + "-bad-schema id"), ByteBuffer.allocate(12).put((byte) 0).putInt(999_999_999).array()));
            for (SimulationRequest r : valid) {
                producer.send(new ProducerRecord<>(topic, key(r.getObjectId()), serializer.serialize(topic, r)));
            }
        }

        try (SimulatorWorker worker = new SimulatorWorker(new SimulatorWorker.Config(kafka, 2, 50)).start()) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> deadLetters(kafka, run).size() >= 6);
        }

        Map<String, String> reasons = deadLetters(kafka, run).stream().collect(Collectors.toMap(
                r -> new String(r.key(), StandardCharsets.UTF_8).substring((run + "-bad-").length()),
                r -> DeadLetters.reason(r.headers()).orElse("") + " | " + DeadLetters.header(r.headers(), DeadLetters.EXCEPTION).orElse("")));
        assertThat(reasons).hasSize(6);
        reasons.forEach((expected, reason) -> assertThat(reason).as("dead letter for %s", expected).containsIgnoringCase(expected));
        assertThat(deadLetters(kafka, run)).allSatisfy(r -> {
            assertThat(DeadLetters.header(r.headers(), DeadLetters.TOPIC)).contains(Topics.SIMULATION_REQUESTS.name());
            assertThat(DeadLetters.header(r.headers(), DeadLetters.OFFSET)).isPresent();
        });

        var images = Topics.IMAGES_RAW.valueSerde(kafka.serdeConfig()).deserializer();
        List<String> rendered = TopicReader.readAll(kafka, Topics.IMAGES_RAW).stream()
                .map(r -> images.deserialize(r.topic(), r.value()))
                .filter(i -> run.equals(i.getCampaignId())).map(i -> i.getRequestId()).toList();
        assertThat(rendered).containsExactlyInAnyOrderElementsOf(valid.stream().map(SimulationRequest::getRequestId).toList());
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(KafkaConnection kafka, String run) {
        return TopicReader.readAll(kafka, Topics.SIMULATOR_WORKER_DLQ).stream()
                .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).startsWith(run)).toList();
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
