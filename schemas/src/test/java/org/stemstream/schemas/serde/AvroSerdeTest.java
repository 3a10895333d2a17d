package org.stemstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.TestRequests;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.SimulationRequest;

/** Wire format and error messages, against the in-process mock:// registry (the real one: SchemaContractIT). */
class AvroSerdeTest {
    private final String url = "mock://" + UUID.randomUUID();
    private final String topic = Topics.SIMULATION_REQUESTS.name();

    @Test
    void writesTheConfluentWireFormatAndReadsItBack() {
        AvroSerde<SimulationRequest> serde = AvroSerde.of(SimulationRequest.class, Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url), false);
        SimulationRequest request = TestRequests.seedBenchmark(3);
        byte[] bytes = serde.serializer().serialize(topic, request);
        assertThat(bytes[0]).isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryConfig.of(url));
        assertThat(client.latest(Topics.SIMULATION_REQUESTS.valueSubject()).id()).isEqualTo(id);
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(request);
    }

    @Test
    void badBytesAreRejectedWithTheReason() {
        AvroSerde<SimulationRequest> serde = AvroSerde.of(SimulationRequest.class, Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url), false);
        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, new byte[] {7, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte 7");
        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, new byte[] {0, 0, 0, 0, 99, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema id 99");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFails() {
        AvroSerde<SimulationRequest> serde = AvroSerde.of(SimulationRequest.class, Map.of(
                SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url, SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
        assertThatThrownBy(() -> serde.serializer().serialize(topic, TestRequests.seedBenchmark(1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("no schema id for subject " + topic + "-value");
    }

    @Test
    void useLatestVersionWritesWithTheLatestIdOnlyWhenItIsTheRecordsSchema() {
        Map<String, Object> config = Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url, SchemaRegistryConfig.USE_LATEST_VERSION, "true");
        SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistryConfig.from(config));
        int v1 = registry.register(topic + "-value", SimulationRequest.getClassSchema());
        AvroSerde<SimulationRequest> serde = AvroSerde.of(SimulationRequest.class, config, false);
        byte[] bytes = serde.serializer().serialize(topic, TestRequests.seedBenchmark(1));
        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(v1);

        String json = SimulationRequest.getClassSchema().toString();
        org.apache.avro.Schema v2 = new org.apache.avro.Schema.Parser().parse(
                json.substring(0, json.length() - 2) + ",{\"name\":\"extra\",\"type\":\"int\",\"default\":0}]}");
        registry.register(topic + "-value", v2);
        AvroSerde<SimulationRequest> fresh = AvroSerde.of(SimulationRequest.class, config, false);
        assertThatThrownBy(() -> fresh.serializer().serialize(topic, TestRequests.seedBenchmark(1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("use.latest.version").hasMessageContaining("is not the schema");
    }

    @Test
    void configurationErrorsNameTheKey() {
        assertThatThrownBy(() -> SchemaRegistryConfig.from(Map.of()))
                .hasMessageContaining(SchemaRegistryConfig.SCHEMA_REGISTRY_URL);
        assertThatThrownBy(() -> SchemaRegistryConfig.from(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "ftp://x")))
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> SchemaRegistryConfig.from(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "http://x", SchemaRegistryConfig.RETRY_TIMEOUT_MS, "soon")))
                .hasMessageContaining(SchemaRegistryConfig.RETRY_TIMEOUT_MS);
        SchemaRegistryConfig c = SchemaRegistryConfig.from(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "http://a:1/apis/ccompat/v7/,http://b:2",
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "user:secret"));
        assertThat(c.url()).hasToString("http://a:1/apis/ccompat/v7");
        assertThat(c.authorizationHeader()).contains("Basic dXNlcjpzZWNyZXQ=");
    }

    /** The serializer keeps each thread's buffer between records: a short record after a long one must carry none of the long one's bytes. */
    @Test
    void recordsOfAnySizeInAnyOrderAndOnManyThreadsRoundTrip() {
        AvroSerde<SimulationRequest> serde = AvroSerde.of(SimulationRequest.class, Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url), false);
        var serializer = serde.serializer();
        SimulationRequest small = TestRequests.seedBenchmark(1);
        byte[] fresh = AvroSerde.of(SimulationRequest.class, Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url), false)
                .serializer().serialize(topic, small);
        for (int chars : new int[] {100_000, 10, 3 * AvroSerializer.KEPT_BYTES, 0}) {
            SimulationRequest large = SimulationRequest.newBuilder(small).setCampaignId("c".repeat(chars)).build();
            byte[] bytes = serializer.serialize(topic, large);
            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(large);
            assertThat(serializer.serialize(topic, small)).isEqualTo(fresh);
        }
        java.util.List<SimulationRequest> many = java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> SimulationRequest.newBuilder(TestRequests.seedBenchmark(i)).setCampaignId("c".repeat(i % 97 * 50)).build()).toList();
        java.util.List<SimulationRequest> back = many.parallelStream().map(r -> serializer.serialize(topic, r))
                .map(b -> serde.deserializer().deserialize(topic, b)).toList();
        assertThat(back).isEqualTo(many);
    }
}
