package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.stemstream.streams.FuseFunctionTest.t2;
import static org.stemstream.streams.FuseFunctionTest.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.internals.ProcessorStateManager;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.TaskPrediction;
import org.stemstream.schemas.serde.SchemaRegistryClient;
import org.stemstream.schemas.serde.SchemaRegistryConfig;

/** The production fusion topology and Streams configuration, driven by TopologyTestDriver. */
class FuseTopologyTest {
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    private final KafkaConnection connection = new KafkaConnection("unused:9092", "mock://" + UUID.randomUUID());
    private final Map<String, Object> serdes = connection.serdeConfig();
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Classification> classifications;
    private TestOutputTopic<String, ObjectClassification> fused;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(FuseSettings settings) {
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

    private void send(Classification view) {
        classifications.pipeInput(view.getObjectId(), view, START);
    }

    private static double p(ObjectClassification o, int k) {
        return o.getPredictions().get(0).getProbabilities().get(k);
    }

    @Test
    void threeExpectedViewsGiveOneFusedRecordAfterTheThird() {
        start(FuseSettings.defaults());
        send(view("a", 0, 3, "m", t2(0.6, 0.4)));
        send(view("a", 1, 3, "m", t2(0.3, 0.7)));
        assertThat(fused.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        send(view("a", 2, 3, "m", t2(0.5, 0.5)));

        var out = fused.readKeyValuesToList();
        assertThat(out).hasSize(1);
        ObjectClassification o = out.get(0).value;
        assertThat(out.get(0).key).isEqualTo("a");
        // 0.6 x 0.3 x 0.5 = 0.09 against 0.4 x 0.7 x 0.5 = 0.14
        assertThat(p(o, 0)).isCloseTo(0.09 / 0.23, within(1e-9));
        assertThat(p(o, 1)).isCloseTo(0.14 / 0.23, within(1e-9));
        assertThat(o.getPredictions().get(0).getPredicted()).isEqualTo("1");
        assertThat(o.getComplete()).isTrue();
        assertThat(o.getViewsUsed()).isEqualTo(3);
        assertThat(o.getViewsExpected()).isEqualTo(3);
        assertThat(o.getImageIds()).containsExactly("a-v0", "a-v1", "a-v2");
        assertThat(o.getMethod()).isEqualTo(FuseFunction.METHOD);
        assertThat(o.getFusedAt()).isEqualTo(START.plusSeconds(2));

        // nothing more, ever: a late view and the idle check add nothing
        send(view("a", 3, 3, "m", t2(0.5, 0.5)));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(fused.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void theSameObjectIdInTwoCampaignsIsTwoObjects() {
        start(FuseSettings.defaults());
        send(view("p-17", 0, 2, "m", t2(0.6, 0.4)));
        send(Classification.newBuilder(view("p-17", 0, 2, "m", t2(0.1, 0.9))).setCampaignId("other").build());
        send(view("p-17", 1, 2, "m", t2(0.6, 0.4)));
        send(Classification.newBuilder(view("p-17", 1, 2, "m", t2(0.1, 0.9))).setCampaignId("other").build());

        var out = fused.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("p-17", "p-17");
        assertThat(out).extracting(kv -> kv.value.getCampaignId()).containsExactly("c", "other");
        assertThat(out).allSatisfy(kv -> assertThat(kv.value.getViewsUsed()).isEqualTo(2));
        assertThat(out.get(0).value.getPredictions().get(0).getPredicted()).isEqualTo("0");
        assertThat(out.get(1).value.getPredictions().get(0).getPredicted()).isEqualTo("1");

        // a third campaign's p-17 later is new too, not a late view of an emitted object
        send(Classification.newBuilder(view("p-17", 0, 1, "m", t2(0.3, 0.7))).setCampaignId("third").build());
        assertThat(fused.readValuesToList()).extracting(ObjectClassification::getCampaignId).containsExactly("third");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    /** Starts the app with object "a" pending, as restored from the changelog: its first view arrived 10 minutes before this task started. */
    private void startWithARestoredObject() {
        start(FuseSettings.defaults());
        ObjectClassification a = new FuseFunction(1e-6).start(view("a", 0, 2, "m", t2(0.6, 0.4)), START.minusSeconds(600));
        putRawPendingEntry(ViewCollector.stateKey("c", "a"),
                Topics.OBJECT_CLASSIFICATIONS.valueSerde(serdes).serializer().serialize(Topics.OBJECT_CLASSIFICATIONS.name(), a));
    }

    @Test
    void objectsRestoredFromBeforeARestartGetTheWholeTimeoutAgain() {
        startWithARestoredObject();
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(fused.isEmpty()).as("its other view may still be in the backlog").isTrue();
        send(view("a", 1, 2, "m", t2(0.3, 0.7)));

        ObjectClassification o = fused.readValue();
        assertThat(o.getComplete()).isTrue();
        assertThat(o.getViewsUsed()).isEqualTo(2);
    }

    @Test
    void anObjectRestoredFromBeforeARestartIsEmittedIncompleteAfterTheTimeout() {
        startWithARestoredObject();
        driver.advanceWallClockTime(Duration.ofSeconds(55));
        assertThat(fused.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        ObjectClassification o = fused.readValue();
        assertThat(o.getObjectId()).isEqualTo("a");
        assertThat(o.getComplete()).isFalse();
    }

    @Test
    void anIncompleteObjectIsEmittedOnceAfterItHasBeenIdleForTheTimeout() {
        start(FuseSettings.defaults());
        send(view("a", 0, 3, "m", t2(0.6, 0.4)));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        send(view("a", 1, 3, "m", t2(0.3, 0.7)));
        driver.advanceWallClockTime(Duration.ofSeconds(55)); // 65 s after the first view, 55 s after the last
        assertThat(fused.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        var out = fused.readValuesToList();
        assertThat(out).hasSize(1);
        ObjectClassification o = out.get(0);
        assertThat(o.getComplete()).isFalse();
        assertThat(o.getViewsUsed()).isEqualTo(2);
        assertThat(o.getViewsExpected()).isEqualTo(3);
        assertThat(p(o, 1)).isCloseTo(0.28 / 0.46, within(1e-9));
        assertThat(o.getFusedAt()).isEqualTo(START.plusSeconds(75));

        send(view("a", 2, 3, "m", t2(0.5, 0.5)));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(fused.isEmpty()).as("a view after the object was emitted is dropped").isTrue();
    }

    @Test
    void singleViewObjectsPassAtOnce() {
        start(FuseSettings.defaults());
        send(view("solo", 0, 1, "m", t2(0.6, 0.4)));
        send(view("old-style", 0, 0, "m", t2(0.2, 0.8)));
        var out = fused.readValuesToList();
        assertThat(out).extracting(ObjectClassification::getObjectId).containsExactly("solo", "old-style");
        assertThat(out).allSatisfy(o -> {
            assertThat(o.getComplete()).isTrue();
            assertThat(o.getViewsUsed()).isEqualTo(1);
        });
        assertThat(p(out.get(0), 0)).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void interleavedObjectsDoNotMix() {
        start(FuseSettings.defaults());
        send(view("a", 0, 2, "m", t2(0.6, 0.4)));
        send(view("b", 0, 2, "m", t2(0.1, 0.9)));
        send(view("b", 0, 2, "m", t2(0.1, 0.9))); // the same view again: dropped
        send(view("a", 1, 2, "m", t2(0.3, 0.7)));
        send(view("b", 1, 2, "m", t2(0.5, 0.5)));

        var out = fused.readValuesToList();
        assertThat(out).extracting(ObjectClassification::getObjectId).containsExactly("a", "b");
        assertThat(out.get(0).getImageIds()).containsExactly("a-v0", "a-v1");
        assertThat(out.get(1).getImageIds()).containsExactly("b-v0", "b-v1");
        assertThat(p(out.get(0), 1)).isCloseTo(0.28 / 0.46, within(1e-9));
        assertThat(p(out.get(1), 1)).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void badViewsGoToTheDeadLetterTopicAndTheAppKeepsGoing() {
        start(FuseSettings.defaults());
        send(view("a", 0, 1, "m", new TaskPrediction("T2", List.of("0", "1"), List.of(1.0), "0")));
        classifications.pipeInput("not-a", view("a", 1, 1, "m", t2(0.5, 0.5)));
        send(view("c", 0, 1, "m", t2(0.5, 0.5)));

        assertThat(fused.readValuesToList()).extracting(ObjectClassification::getObjectId).containsExactly("c");
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("1 probabilities"));
        assertThat(DeadLetters.reason(dead.get(1).headers())).hasValueSatisfying(r -> assertThat(r).contains("keyed by object id"));
        assertThat(DeadLetters.header(dead.get(1).headers(), DeadLetters.TOPIC)).contains(Topics.CLASSIFICATIONS.name());
    }

    @Test
    void onStreamTimeIdleObjectsAreEmittedWhenLaterRecordsMoveTimeOn() {
        start(FuseSettings.defaults().withTimeBase(PunctuationType.STREAM_TIME));
        classifications.pipeInput("a", view("a", 0, 2, "m", t2(0.6, 0.4)), START);
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(fused.isEmpty()).as("wall-clock time does not count").isTrue();
        classifications.pipeInput("b", view("b", 0, 2, "m", t2(0.6, 0.4)), START.plusSeconds(70));

        var out = fused.readValuesToList();
        assertThat(out).extracting(ObjectClassification::getObjectId).containsExactly("a");
        assertThat(out.get(0).getComplete()).isFalse();
        assertThat(out.get(0).getFusedAt()).isEqualTo(START.plusSeconds(70));
    }

    @Test
    void pendingFusionsAreKeptAsBeforeInTheWireFormatUnderTheChangelogSubject() {
        start(FuseSettings.defaults());
        send(view("a", 0, 2, "m", t2(0.6, 0.4)));

        byte[] bytes = driver.<String, byte[]>getKeyValueStore(ViewCollector.PENDING_STORE).get(ViewCollector.stateKey("c", "a"));
        ObjectClassification a = Topics.OBJECT_CLASSIFICATIONS.valueSerde(serdes).deserializer().deserialize(Topics.OBJECT_CLASSIFICATIONS.name(), bytes);
        assertThat(a.getImageIds()).containsExactly("a-v0");
        String changelog = ProcessorStateManager.storeChangelogTopic(FuseProcessor.APPLICATION_ID, ViewCollector.PENDING_STORE, null);
        assertThat(new SchemaRegistryClient(SchemaRegistryConfig.from(serdes)).subjects()).contains(changelog + "-value");
    }

    /**
     * The output subject's latest schema is one this stage's ObjectClassification cannot be
     * registered against (HTTP 409): every fused record fails to serialize, and not because the
     * registry is down.
     */
    private void breakTheOutputSubject() {
        breakTheSubject(Topics.OBJECT_CLASSIFICATIONS.valueSubject());
    }

    /** The same for the pending-views changelog's subject, under which the stage writes its state (before it has written any). */
    private void breakTheStateSubject() {
        breakTheSubject(ProcessorStateManager.storeChangelogTopic(FuseProcessor.APPLICATION_ID, ViewCollector.PENDING_STORE, null) + "-value");
    }

    private void breakTheSubject(String subject) {
        new SchemaRegistryClient(SchemaRegistryConfig.from(serdes)).register(subject,
                SchemaBuilder.record("ObjectClassification").namespace("org.stemstream.schemas.avro").fields()
                        .requiredLong("objectId").endRecord());
    }

    /** A dead letter written by the stage itself: its key, and its value read as the fusion it holds. */
    private ObjectClassification fusionIn(org.apache.kafka.streams.test.TestRecord<byte[], byte[]> dead, String key) {
        assertThat(dead.key()).isNotNull();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(dead.value()).isNotNull();
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.EXCEPTION)).contains(SerializationException.class.getName());
        assertThat(DeadLetters.reason(dead.headers())).hasValueSatisfying(r -> assertThat(r).contains("409"));
        return Topics.OBJECT_CLASSIFICATIONS.valueSerde(serdes).deserializer().deserialize(Topics.FUSE_DLQ.name(), dead.value());
    }

    @Test
    void aCompleteObjectWhoseFusedRecordCannotBeSerializedGoesToTheDeadLetterTopicWithAllItsViews() {
        start(FuseSettings.defaults());
        breakTheOutputSubject();
        send(view("a", 0, 2, "m", t2(0.6, 0.4)));
        send(view("a", 1, 2, "m", t2(0.3, 0.7)));

        assertThat(fused.isEmpty()).isTrue();
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        ObjectClassification o = fusionIn(dead.get(0), "a");
        assertThat(o.getImageIds()).as("the first view too, not only the last").containsExactly("a-v0", "a-v1");
        assertThat(o.getComplete()).isTrue();
        assertThat(p(o, 1)).isCloseTo(0.28 / 0.46, within(1e-9));
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.TOPIC)).contains(Topics.CLASSIFICATIONS.name());

        // the object is done: a late view and the idle check add nothing
        send(view("a", 2, 2, "m", t2(0.5, 0.5)));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(fused.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anIdleObjectWhoseFusedRecordCannotBeSerializedGoesToTheDeadLetterTopic() {
        start(FuseSettings.defaults());
        breakTheOutputSubject();
        send(view("a", 0, 3, "m", t2(0.6, 0.4)));
        send(view("a", 1, 3, "m", t2(0.3, 0.7)));
        driver.advanceWallClockTime(Duration.ofSeconds(65));

        assertThat(fused.isEmpty()).isTrue();
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        ObjectClassification o = fusionIn(dead.get(0), "a");
        assertThat(o.getImageIds()).containsExactly("a-v0", "a-v1");
        assertThat(o.getComplete()).isFalse();

        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(deadLetters.isEmpty()).as("dead-lettered once, not on every idle check").isTrue();
    }

    /** Writes {@code bytes} into the pending store below its serde, as a changelog restore would. */
    private void putRawPendingEntry(String key, byte[] bytes) {
        putRawEntry(ViewCollector.PENDING_STORE, key, bytes);
    }

    @SuppressWarnings("unchecked")
    private void putRawEntry(String storeName, String key, byte[] bytes) {
        var store = (WrappedStateStore<KeyValueStore<Bytes, byte[]>, ?, ?>) driver.getKeyValueStore(storeName);
        store.wrapped().put(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), bytes);
    }

    /** Wire format with schema id 32767, which the registry does not know. */
    private static final byte[] UNREADABLE = {0, 0, 0, 0x7f, (byte) 0xff, 2, 'x'};

    @Test
    void anUnreadablePendingEntryIsDeadLetteredOnceAndTheOtherIdleObjectsAreStillEmitted() {
        start(FuseSettings.defaults());
        String bad = ViewCollector.stateKey("c", "a");
        putRawPendingEntry(bad, UNREADABLE);
        send(view("b", 0, 3, "m", t2(0.6, 0.4)));
        send(view("z", 0, 3, "m", t2(0.6, 0.4)));
        driver.advanceWallClockTime(Duration.ofSeconds(65));

        assertThat(fused.readValuesToList()).extracting(ObjectClassification::getObjectId).containsExactly("b", "z");
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo(bad.getBytes(StandardCharsets.UTF_8));
        assertThat(dead.get(0).value()).isEqualTo(UNREADABLE);
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("unknown schema id 32767"));
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.EXCEPTION)).contains(SerializationException.class.getName());

        send(view("y", 0, 2, "m", t2(0.6, 0.4)));
        driver.advanceWallClockTime(Duration.ofSeconds(65));
        assertThat(fused.readValuesToList()).extracting(ObjectClassification::getObjectId).containsExactly("y");
        assertThat(deadLetters.isEmpty()).as("the entry is gone, not failing every idle check").isTrue();
    }

    @Test
    void aViewOfAnObjectWhosePendingEntryIsUnreadableDeadLettersTheEntryAndStartsTheObjectAgain() {
        start(FuseSettings.defaults());
        putRawPendingEntry(ViewCollector.stateKey("c", "a"), UNREADABLE);
        send(view("a", 1, 2, "m", t2(0.3, 0.7)));
        send(view("a", 2, 2, "m", t2(0.5, 0.5)));

        var dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(d -> assertThat(d.value()).isEqualTo(UNREADABLE));
        ObjectClassification o = fused.readValue();
        assertThat(o.getImageIds()).containsExactly("a-v1", "a-v2");
        assertThat(o.getComplete()).isTrue();
    }

    @Test
    void aFusedRecordWhoseStoredFormatCannotBeWrittenEitherGoesToTheDeadLetterTopicAsAvroJson() throws Exception {
        start(FuseSettings.defaults());
        breakTheOutputSubject();
        breakTheStateSubject();
        // one view: the first of several could not be stored either, and the processing handler would dead-letter it
        send(view("a", 0, 1, "m", t2(0.6, 0.4)));

        assertThat(fused.isEmpty()).isTrue();
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).as("the views are in the dead letter, not lost").isNotNull();
        assertThat(DeadLetters.header(dead.get(0).headers(), FusedDeadLetter.VALUE_FORMAT)).contains(FusedDeadLetter.AVRO_JSON);
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("409")
                .contains(FusedDeadLetter.AVRO_JSON).contains(ViewCollector.PENDING_STORE));
        Schema schema = new Schema.Parser().parse(DeadLetters.header(dead.get(0).headers(), FusedDeadLetter.VALUE_SCHEMA).orElseThrow());
        ObjectClassification o = new SpecificDatumReader<ObjectClassification>(schema, ObjectClassification.getClassSchema())
                .read(null, DecoderFactory.get().jsonDecoder(schema, new String(dead.get(0).value(), StandardCharsets.UTF_8)));
        assertThat(o.getImageIds()).containsExactly("a-v0");
        assertThat(p(o, 0)).isCloseTo(0.6, within(1e-9));
        assertThat(o.getComplete()).isTrue();
    }

    /** A task with {@code classes} classes of about 16 bytes each (name and probability) in the wire format. */
    private static TaskPrediction manyClasses(String task, int classes) {
        List<String> names = new ArrayList<>(classes);
        List<Double> probabilities = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            names.add("c" + k);
            probabilities.add(1.0 / classes);
        }
        return new TaskPrediction(task, names, probabilities, "c0");
    }

    @Test
    void aFusedRecordTooLargeForAnyTopicGoesToTheDeadLetterTopicAsASummaryOfItsViews() throws Exception {
        start(FuseSettings.defaults());
        // each view's fusion (about 5 MB) fits a record; with the second view's task added (about 10 MB) it fits none
        send(view("a", 0, 2, "m", manyClasses("T8", 300_000)));
        send(view("a", 1, 2, "m", manyClasses("T9", 300_000)));

        assertThat(fused.isEmpty()).isTrue();
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).as("the views can be found again, not lost").isNotNull();
        assertThat(DeadLetters.header(dead.get(0).headers(), FusedDeadLetter.VALUE_FORMAT)).contains(FusedDeadLetter.SUMMARY_JSON);
        assertThat(DeadLetters.reason(dead.get(0).headers())).hasValueSatisfying(r -> assertThat(r).contains("over the limit")
                .contains(FusedDeadLetter.SUMMARY_JSON));
        var summary = new ObjectMapper().readTree(dead.get(0).value());
        assertThat(summary.path("objectId").asText()).isEqualTo("a");
        assertThat(summary.path("campaignId").asText()).isEqualTo("c");
        assertThat(summary.path("viewsUsed").asInt()).isEqualTo(2);
        assertThat(summary.path("imageIds")).extracting(JsonNode::asText).containsExactly("a-v0", "a-v1");
    }

    @Test
    void emittedObjectsAreKeptAsBeforeAsEightByteLongs() {
        start(FuseSettings.defaults());
        send(view("a", 0, 1, "m", t2(0.6, 0.4)));

        Object stored = driver.getKeyValueStore(ViewCollector.EMITTED_STORE).get(ViewCollector.stateKey("c", "a"));
        assertThat(stored).isEqualTo(new LongSerializer().serialize(null, START.toEpochMilli()));
    }

    @Test
    void anUnreadableEmittedEntryDoesNotStopTheOtherObjectsBeingForgotten() {
        start(FuseSettings.defaults());
        // not a long's 8 bytes: as if another version or a tool had written the changelog
        putRawEntry(ViewCollector.EMITTED_STORE, ViewCollector.stateKey("c", "a"), new byte[] {1, 2, 3});
        send(view("b", 0, 1, "m", t2(0.6, 0.4)));
        assertThat(fused.readValuesToList()).extracting(ObjectClassification::getObjectId).containsExactly("b");
        driver.advanceWallClockTime(Duration.ofMinutes(61));

        send(view("b", 0, 1, "m", t2(0.6, 0.4)));
        assertThat(fused.readValuesToList()).as("b's id was forgotten after an hour, so b starts again")
                .extracting(ObjectClassification::getObjectId).containsExactly("b");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aViewOfAnObjectWhoseEmittedEntryIsUnreadableIsDroppedAsLateUntilTheEntryIsForgotten() {
        start(FuseSettings.defaults());
        putRawEntry(ViewCollector.EMITTED_STORE, ViewCollector.stateKey("c", "a"), new byte[] {1, 2, 3});
        send(view("a", 1, 2, "m", t2(0.6, 0.4)));
        send(view("a", 2, 2, "m", t2(0.6, 0.4)));
        driver.advanceWallClockTime(Duration.ofMinutes(5));

        assertThat(fused.isEmpty()).as("the object was emitted, only when is unknown").isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(driver.getKeyValueStore(ViewCollector.EMITTED_STORE).get(ViewCollector.stateKey("c", "a"))).as("remembered from when it was found")
                .isEqualTo(new LongSerializer().serialize(null, START.toEpochMilli()));

        driver.advanceWallClockTime(Duration.ofMinutes(61));
        send(view("a", 3, 1, "m", t2(0.6, 0.4)));
        assertThat(fused.readValuesToList()).extracting(ObjectClassification::getImageIds).containsExactly(List.of("a-v3"));
    }
}
