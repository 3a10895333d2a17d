package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.stemstream.streams.FuseFunctionTest.t2;
import static org.stemstream.streams.FuseFunctionTest.view;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.internals.ProcessorStateManager;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.TaskPrediction;
import org.stemstream.schemas.serde.SchemaRegistryClient;
import org.stemstream.schemas.serde.SchemaRegistryConfig;

/** The production fusion topology: how views become fused objects. */
class FuseTopologyTest extends FuseTopologyFixture {
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
}
