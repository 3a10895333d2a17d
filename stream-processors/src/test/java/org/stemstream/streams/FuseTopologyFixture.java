package org.stemstream.streams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.internals.ProcessorStateManager;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.serde.SchemaRegistryClient;
import org.stemstream.schemas.serde.SchemaRegistryConfig;

/** The production fusion topology and Streams configuration under TopologyTestDriver, and ways to break its registry subjects and stores. */
abstract class FuseTopologyFixture {
    static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    final KafkaConnection connection = new KafkaConnection("unused:9092", "mock://" + UUID.randomUUID());
    final Map<String, Object> serdes = connection.serdeConfig();
    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, Classification> classifications;
    TestOutputTopic<String, ObjectClassification> fused;
    TestOutputTopic<byte[], byte[]> deadLetters;

    void start(FuseSettings settings) {
        Properties props = StreamsApps.config(connection, FuseProcessor.APPLICATION_ID, Topics.FUSE_DLQ, 1, stateDir.toString());
        driver = new TopologyTestDriver(FuseTopology.build(props, settings, serdes), props, START);
        classifications = driver.createInputTopic(Topics.CLASSIFICATIONS.name(), Topics.CLASSIFICATIONS.keySerde(serdes).serializer(),
                Topics.CLASSIFICATIONS.valueSerde(serdes).serializer());
        fused = driver.createOutputTopic(Topics.OBJECT_CLASSIFICATIONS.name(), Topics.OBJECT_CLASSIFICATIONS.keySerde(serdes).deserializer(),
                Topics.OBJECT_CLASSIFICATIONS.valueSerde(serdes).deserializer());
        deadLetters = driver.createOutputTopic(Topics.FUSE_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    void send(Classification view) {
        classifications.pipeInput(view.getObjectId(), view, START);
    }

    static double p(ObjectClassification o, int k) {
        return o.getPredictions().get(0).getProbabilities().get(k);
    }

    /**
     * The output subject's latest schema is one this stage's ObjectClassification cannot be
     * registered against (HTTP 409): every fused record fails to serialize, and not because the
     * registry is down.
     */
    void breakTheOutputSubject() {
        breakTheSubject(Topics.OBJECT_CLASSIFICATIONS.valueSubject());
    }

    /** The same for the pending-views changelog's subject, under which the stage writes its state (before it has written any). */
    void breakTheStateSubject() {
        breakTheSubject(ProcessorStateManager.storeChangelogTopic(FuseProcessor.APPLICATION_ID, ViewCollector.PENDING_STORE, null) + "-value");
    }

    void breakTheSubject(String subject) {
        new SchemaRegistryClient(SchemaRegistryConfig.from(serdes)).register(subject,
                SchemaBuilder.record("ObjectClassification").namespace("org.stemstream.schemas.avro").fields()
                        .requiredLong("objectId").endRecord());
    }

    /** Writes {@code bytes} into the pending store below its serde, as a changelog restore would. */
    void putRawPendingEntry(String key, byte[] bytes) {
        putRawEntry(ViewCollector.PENDING_STORE, key, bytes);
    }

    @SuppressWarnings("unchecked")
    void putRawEntry(String storeName, String key, byte[] bytes) {
        var store = (WrappedStateStore<KeyValueStore<Bytes, byte[]>, ?, ?>) driver.getKeyValueStore(storeName);
        store.wrapped().put(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), bytes);
    }
}
