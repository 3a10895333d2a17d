package org.stemstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.TestRequests;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.serde.SchemaRegistryConfig;

class BatchTransformTest {
    private final Map<String, Object> serde = Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + UUID.randomUUID());
    private final String in = Topics.SIMULATION_REQUESTS.name();

    /** Passes requests through, except seed 13, which it refuses. */
    private final BatchProcessor<SimulationRequest, SimulationRequest> refuse13 = BatchProcessor.perRecord(r -> {
        if (r.getSeed() == 13) {
            throw new IllegalArgumentException("seed 13 refused");
        }
        return r;
    });

    private BatchTransform<SimulationRequest, SimulationRequest> transform(BatchProcessor<SimulationRequest, SimulationRequest> processor) {
        return new BatchTransform<>(Topics.SIMULATION_REQUESTS, Topics.SIMULATOR_WORKER_DLQ,
                Topics.SIMULATION_REQUESTS.valueSerde(serde).deserializer(), Topics.SIMULATION_REQUESTS.valueSerde(serde).serializer(), processor);
    }

    private ConsumerRecord<byte[], byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(in, 3, offset, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private byte[] bytes(SimulationRequest r) {
        return Topics.SIMULATION_REQUESTS.valueSerde(serde).serializer().serialize(in, r);
    }

    @Test
    void goodRecordsBecomeOutputsAndBadOnesDeadLettersWithTheirBytesAndReason() {
        SimulationRequest ok = TestRequests.seedBenchmark(1);
        SimulationRequest refused = TestRequests.seedBenchmark(13);
        byte[] corrupt = {0, 0, 0, 0, 99, 1};
        BatchTransform.Result result = transform(refuse13).apply(List.of(
                record(10, "a", bytes(ok)), record(11, "b", corrupt), record(12, "c", bytes(refused)), record(13, "d", null)));

        assertThat(result.deadLetters()).isEqualTo(3);
        assertThat(result.out()).hasSize(4);
        List<ProducerRecord<byte[], byte[]>> outputs = result.out().stream().filter(r -> r.topic().equals(in)).toList();
        assertThat(outputs).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("a");
            assertThat(Topics.SIMULATION_REQUESTS.valueSerde(serde).deserializer().deserialize(in, r.value())).isEqualTo(ok);
        });
        List<ProducerRecord<byte[], byte[]>> dead = result.out().stream().filter(r -> r.topic().equals(Topics.SIMULATOR_WORKER_DLQ.name())).toList();
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("b", "c", "d");
        ProducerRecord<byte[], byte[]> corruptLetter = dead.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("b")).findFirst().orElseThrow();
        assertThat(corruptLetter.value()).isEqualTo(corrupt);
        assertThat(DeadLetters.reason(corruptLetter.headers())).hasValueSatisfying(m -> assertThat(m).contains("unknown schema id 99"));
        assertThat(DeadLetters.header(corruptLetter.headers(), DeadLetters.OFFSET)).contains("11");
        assertThat(dead).anySatisfy(r -> assertThat(DeadLetters.reason(r.headers())).hasValueSatisfying(m -> assertThat(m).contains("seed 13 refused")));
        assertThat(dead).anySatisfy(r -> assertThat(DeadLetters.reason(r.headers())).hasValueSatisfying(m -> assertThat(m).contains("tombstone")));
    }

    @Test
    void aProcessorThatThrowsIsABugAndThrows() {
        BatchProcessor<SimulationRequest, SimulationRequest> broken = values -> {
            throw new IllegalStateException("processor bug");
        };
        assertThatThrownBy(() -> transform(broken).apply(List.of(record(0, "a", bytes(TestRequests.seedBenchmark(1))))))
                .hasMessageContaining("processor bug");
    }

    @Test
    void aResultTooLargeForItsTopicIsADeadLetterNotAnAbortedTransaction() {
        String huge = "x".repeat(Topics.MAX_VALUE_BYTES);
        BatchProcessor<SimulationRequest, SimulationRequest> inflate = BatchProcessor.perRecord(r ->
                r.getSeed() == 2 ? SimulationRequest.newBuilder(r).setCampaignId(huge).build() : r);
        BatchTransform.Result result = transform(inflate).apply(List.of(
                record(20, "a", bytes(TestRequests.seedBenchmark(1))), record(21, "b", bytes(TestRequests.seedBenchmark(2)))));

        assertThat(result.deadLetters()).isEqualTo(1);
        ProducerRecord<byte[], byte[]> dead = result.out().stream().filter(r -> r.topic().equals(Topics.SIMULATOR_WORKER_DLQ.name()))
                .findFirst().orElseThrow();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(DeadLetters.reason(dead.headers())).hasValueSatisfying(r -> assertThat(r).contains("over the limit of " + Topics.MAX_VALUE_BYTES));
        assertThat(result.out().stream().filter(r -> r.topic().equals(in))).singleElement()
                .satisfies(r -> assertThat(r.value().length).isLessThan(Topics.MAX_VALUE_BYTES));
    }

    @Test
    void aRegistryThatCannotBeReachedFailsTheBatchInsteadOfDeadLetteringGoodRecords() {
        Map<String, Object> down = Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1",
                SchemaRegistryConfig.RETRY_TIMEOUT_MS, "200", SchemaRegistryConfig.RETRY_BACKOFF_MS, "50");
        BatchTransform<SimulationRequest, SimulationRequest> unreachable = new BatchTransform<>(Topics.SIMULATION_REQUESTS,
                Topics.SIMULATOR_WORKER_DLQ, Topics.SIMULATION_REQUESTS.valueSerde(down).deserializer(),
                Topics.SIMULATION_REQUESTS.valueSerde(down).serializer(), refuse13);
        // a well-formed record whose schema id (written by the mock registry) the reader must look up
        assertThatThrownBy(() -> unreachable.apply(List.of(record(30, "a", bytes(TestRequests.seedBenchmark(1))))))
                .isInstanceOf(RegistryUnavailable.class).hasMessageContaining("unreachable");
        assertThat(RegistryUnavailable.notTheRecordsFault(404)).as("an unknown schema id is the record's").isFalse();
        assertThat(RegistryUnavailable.notTheRecordsFault(503)).isTrue();
    }
}
