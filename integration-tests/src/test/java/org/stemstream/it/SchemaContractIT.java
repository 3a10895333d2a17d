package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.producers.Campaign;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.serde.AvroDeserializer;
import org.stemstream.schemas.serde.AvroSerde;
import org.stemstream.schemas.serde.SchemaRegistryClient;
import org.stemstream.schemas.serde.SchemaRegistryConfig;
import org.stemstream.schemas.serde.SchemaRegistryException;
import org.stemstream.simulator.Scenarios;

/** The Avro contracts on a real registry: BACKWARD evolution, wire format, error paths. */
@ExtendWith(StemInfrastructure.class)
class SchemaContractIT {

    @Test
    void registryEnforcesBackwardCompatibilityForEveryValueSchema(KafkaConnection kafka) {
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryConfig.of(kafka.schemaRegistryUrl()));
        assertThat(client.compatibilityLevel()).isEqualTo("BACKWARD");
        for (Topic<?, ?> topic : Topics.avroTopics()) {
            Schema current = SpecificData.get().getSchema(topic.valueType());
            client.register(topic.valueSubject(), current);

            Schema withDefault = withExtraField(current, "addedLater", true);
            Schema withoutDefault = withExtraField(current, "addedLater", false);
            assertThat(client.isCompatible(topic.valueSubject(), withDefault))
                    .as("%s plus a defaulted field", topic.valueSubject()).isTrue();
            assertThat(client.isCompatible(topic.valueSubject(), withoutDefault))
                    .as("%s plus a field without default", topic.valueSubject()).isFalse();
            assertThatThrownBy(() -> client.register(topic.valueSubject(), withoutDefault))
                    .isInstanceOf(SchemaRegistryException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(409));
        }
    }

    @Test
    void aV1ServiceReadsRecordsWrittenWithV2(KafkaConnection kafka) throws Exception {
        SimulationRequest v1 = new Campaign("it-v2", Scenarios.named("seed-benchmark"), 1, 7).requests(Instant.ofEpochMilli(1_000)).findFirst().orElseThrow();
        Schema v2Schema = withExtraField(v1.getSchema(), "priority", true);
        GenericRecord v2 = new GenericData.Record(v2Schema);
        // copy every v1 field through its binary form, then set the v2-only field
        GenericRecord asGeneric = toGeneric(v1);
        for (Schema.Field f : v1.getSchema().getFields()) {
            v2.put(f.name(), asGeneric.get(f.name()));
        }
        v2.put("priority", 5);

        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryConfig.of(kafka.schemaRegistryUrl()));
        int id = client.register("it-evolution-" + UUID.randomUUID(), v2Schema);
        byte[] bytes = wireFormat(id, v2Schema, v2);

        AvroDeserializer<SimulationRequest> v1Reader = new AvroDeserializer<>(client, SimulationRequest.class);
        SimulationRequest read = v1Reader.deserialize(Topics.SIMULATION_REQUESTS.name(), bytes);
        assertThat(read).isEqualTo(v1);
    }

    @Test
    void aRunningV1WorkerRendersARequestWrittenWithV2(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        String campaignId = "it-v2-worker-" + UUID.randomUUID().toString().substring(0, 8);
        SimulationRequest v1 = new Campaign(campaignId, Scenarios.named("seed-benchmark"), 1, 9).requests(Instant.now()).findFirst().orElseThrow();
        Schema v2Schema = withExtraField(v1.getSchema(), "priority", true);
        GenericRecord v2 = new GenericData.Record(v2Schema);
        GenericRecord asGeneric = toGeneric(v1);
        for (Schema.Field f : v1.getSchema().getFields()) {
            v2.put(f.name(), asGeneric.get(f.name()));
        }
        v2.put("priority", 3);
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryConfig.of(kafka.schemaRegistryUrl()));
        // a newer producer registers v2 under the topic's own subject (BACKWARD allows it)
        int id = client.register(Topics.SIMULATION_REQUESTS.valueSubject(), v2Schema);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(kafka.producer("it-v2", null),
                new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
             var worker = new org.stemstream.producers.SimulatorWorker(new org.stemstream.producers.SimulatorWorker.Config(kafka, 1, 50)).start()) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.SIMULATION_REQUESTS.name(),
                    v1.getObjectId().getBytes(java.nio.charset.StandardCharsets.UTF_8), wireFormat(id, v2Schema, v2))).get();
            var images = Topics.IMAGES_RAW.valueSerde(kafka.serdeConfig()).deserializer();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> TopicReader.readAll(kafka, Topics.IMAGES_RAW).stream()
                            .map(r -> images.deserialize(r.topic(), r.value()))
                            .anyMatch(i -> v1.getRequestId().equals(i.getRequestId())));
        }
    }

    @Test
    void serdeRoundTripsAndNamesWhatIsWrongWithBadBytes(KafkaConnection kafka) {
        AvroSerde<SimulationRequest> serde = AvroSerde.of(SimulationRequest.class, kafka.serdeConfig(), false);
        SimulationRequest request = new Campaign("it-serde", Scenarios.named("seed-benchmark"), 1, 3).requests(Instant.ofEpochMilli(5)).findFirst().orElseThrow();
        String topic = Topics.SIMULATION_REQUESTS.name();
        byte[] bytes = serde.serializer().serialize(topic, request);
        assertThat(bytes[0]).isZero();
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(request);

        byte[] unknownId = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654_321).putInt(42).array();
        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, unknownId))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema id 987654321");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("corrupt Avro body");
    }

    @Test
    void anUnreachableRegistryIsRetriedThenReportedClearly() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
        AvroSerde<SimulationRequest> serde = AvroSerde.of(SimulationRequest.class, Map.of(
                SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url,
                SchemaRegistryConfig.RETRY_TIMEOUT_MS, "800",
                SchemaRegistryConfig.RETRY_BACKOFF_MS, "50"), false);
        SimulationRequest request = new Campaign("it-down", Scenarios.named("seed-benchmark"), 1, 3).requests(Instant.EPOCH).findFirst().orElseThrow();
        long start = System.nanoTime();
        assertThatThrownBy(() -> serde.serializer().serialize(Topics.SIMULATION_REQUESTS.name(), request))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("cannot be reached after");
        assertThat((System.nanoTime() - start) / 1e6).as("ms spent retrying").isGreaterThanOrEqualTo(700);
    }

    /**
     * The registry is unreachable when a producer starts (its address answers nothing yet) and
     * comes up 1.5 s later: the serializer retries and then succeeds, against the real registry
     * (reached through a TCP forwarder that starts listening late).
     */
    @Test
    void aRegistryThatComesUpLateIsWaitedForAndThenUsed(KafkaConnection kafka) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI real = URI.create(kafka.schemaRegistryUrl());
        String url = "http://127.0.0.1:" + port + real.getPath();
        AvroSerde<SimulationRequest> serde = AvroSerde.of(SimulationRequest.class, Map.of(
                SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url,
                SchemaRegistryConfig.RETRY_TIMEOUT_MS, "30000",
                SchemaRegistryConfig.RETRY_BACKOFF_MS, "100"), false);
        SimulationRequest request = new Campaign("it-late", Scenarios.named("seed-benchmark"), 1, 5).requests(Instant.EPOCH).findFirst().orElseThrow();
        try (LateForwarder forwarder = new LateForwarder(port, real.getHost(), real.getPort(), 1_500)) {
            long start = System.nanoTime();
            byte[] bytes = serde.serializer().serialize(Topics.SIMULATION_REQUESTS.name(), request);
            assertThat((System.nanoTime() - start) / 1e6).as("ms waited for the registry").isGreaterThanOrEqualTo(1_400);
            assertThat(serde.deserializer().deserialize(Topics.SIMULATION_REQUESTS.name(), bytes)).isEqualTo(request);
        }
    }

    /** A TCP port forwarder that starts listening only after a delay. */
    private static final class LateForwarder implements AutoCloseable {
        private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        private volatile java.net.ServerSocket server;

        LateForwarder(int port, String host, int targetPort, long delayMs) {
            threads.submit(() -> {
                Thread.sleep(delayMs);
                server = new java.net.ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"));
                while (!server.isClosed()) {
                    java.net.Socket in = server.accept();
                    java.net.Socket out = new java.net.Socket(host, targetPort);
                    threads.submit(() -> in.getInputStream().transferTo(out.getOutputStream()));
                    threads.submit(() -> out.getInputStream().transferTo(in.getOutputStream()));
                }
                return null;
            });
        }

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
            threads.shutdownNow();
        }
    }

    private static Schema withExtraField(Schema schema, String name, boolean withDefault) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(withDefault ? new Schema.Field(name, Schema.create(Schema.Type.INT), "added in v2", 0)
                : new Schema.Field(name, Schema.create(Schema.Type.INT), "added in v2"));
        Schema v2 = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
        return new Schema.Parser().parse(v2.toString());
    }

    private static GenericRecord toGeneric(SimulationRequest r) throws Exception {
        var out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<SimulationRequest>(r.getSchema()).write(r, enc);
        enc.flush();
        var dec = org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
        return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(r.getSchema()).read(null, dec);
    }

    private static byte[] wireFormat(int id, Schema schema, GenericRecord record) throws Exception {
        var out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, enc);
        enc.flush();
        return out.toByteArray();
    }
}
