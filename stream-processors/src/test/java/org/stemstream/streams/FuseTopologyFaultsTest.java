package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.stemstream.streams.FuseFunctionTest.t2;
import static org.stemstream.streams.FuseFunctionTest.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.TaskPrediction;

/** The production fusion topology when a fused record or a stored entry cannot be written or read: nothing is lost, and the app keeps going. */
class FuseTopologyFaultsTest extends FuseTopologyFixture {
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
        // the first view's fusion (about 0.8 MB) is kept; with the second view's task added (about 8.8 MB) it fits no record
        send(view("a", 0, 2, "m", manyClasses("T8", 50_000)));
        send(view("a", 1, 2, "m", manyClasses("T9", 500_000)));

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

    @Test
    void anEmittedEntryFarAheadOfTheClockIsForgottenOneRetentionAfterItIsFound() {
        start(FuseSettings.defaults());
        // eight stray bytes read as a long: a time a year ahead, which a plain purge would keep for a year
        putRawEntry(ViewCollector.EMITTED_STORE, ViewCollector.stateKey("c", "a"),
                new LongSerializer().serialize(null, START.plus(Duration.ofDays(365)).toEpochMilli()));
        send(view("a", 1, 1, "m", t2(0.6, 0.4)));
        assertThat(fused.isEmpty()).as("the entry says the object was emitted").isTrue();
        driver.advanceWallClockTime(Duration.ofMinutes(7)); // the purge runs every tenth of the hour's retention
        byte[] rewritten = (byte[]) driver.getKeyValueStore(ViewCollector.EMITTED_STORE).get(ViewCollector.stateKey("c", "a"));
        assertThat(new org.apache.kafka.common.serialization.LongDeserializer().deserialize(null, rewritten)).as("rewritten at the purge")
                .isBetween(START.toEpochMilli(), START.plus(Duration.ofMinutes(7)).toEpochMilli());

        driver.advanceWallClockTime(Duration.ofMinutes(61));
        send(view("a", 2, 1, "m", t2(0.6, 0.4)));
        assertThat(fused.readValuesToList()).extracting(ObjectClassification::getImageIds).containsExactly(List.of("a-v2"));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    /** Views whose image ids take 300 KB each, of an object that expects 100: its state stops growing at the limit. */
    @Test
    void anObjectWhoseStateWouldOutgrowTheLimitIsEmittedAsItStands() {
        start(FuseSettings.defaults());
        String longId = "x".repeat(300_000);
        for (int v = 0; v < 5; v++) {
            send(Classification.newBuilder(view("a", v, 100, "m", t2(0.6, 0.4))).setImageId(longId + v).build());
        }

        var out = fused.readValuesToList();
        assertThat(out).as("emitted once the fourth view took it past 1 MiB").singleElement().satisfies(o -> {
            assertThat(o.getViewsUsed()).isEqualTo(4);
            assertThat(o.getComplete()).isFalse();
        });
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(fused.isEmpty()).as("the fifth view came after it was emitted: dropped").isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(driver.getKeyValueStore(ViewCollector.PENDING_STORE).get(ViewCollector.stateKey("c", "a"))).isNull();
    }
}
