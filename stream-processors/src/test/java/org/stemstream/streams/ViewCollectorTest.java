package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stemstream.streams.FuseFunctionTest.t2;
import static org.stemstream.streams.FuseFunctionTest.view;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.serde.SchemaRegistryException;

/**
 * The collector on its own, with serdes that fail as they do while the schema registry is down
 * (which the in-memory registry of {@code FuseTopologyTest} never is): such a failure is thrown,
 * so that the thread fails and the records are read again; nothing is dead-lettered, forwarded
 * or removed from the store.
 */
class ViewCollectorTest {
    private static final SerializationException REGISTRY_DOWN = new SerializationException("no schema id for subject x",
            new SchemaRegistryException("cannot be reached", -1, null));

    private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>(props());
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, byte[]> emitted;

    private static Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, FuseProcessor.APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return p;
    }

    private ViewCollector start(Serializer<ObjectClassification> output, Serde<ObjectClassification> state) {
        pending = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ViewCollector.PENDING_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        emitted = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ViewCollector.EMITTED_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        pending.init(context.getStateStoreContext(), pending);
        emitted.init(context.getStateStoreContext(), emitted);
        context.addStateStore(pending);
        context.addStateStore(emitted);
        context.setCurrentSystemTimeMs(0);
        ViewCollector collector = new ViewCollector(FuseSettings.defaults(), output, state);
        collector.init(context);
        return collector;
    }

    private static Serde<ObjectClassification> state(Deserializer<ObjectClassification> reader) {
        return Serdes.serdeFrom((topic, value) -> new byte[] {1}, reader);
    }

    @Test
    void aFusedRecordThatCannotBeSerializedWhileTheRegistryIsDownFailsAndLeavesTheObjectPending() {
        ObjectClassification sofar = new FuseFunction(1e-6).start(view("a", 0, 2, "m", t2(0.6, 0.4)), FuseFunctionTest.AT);
        ViewCollector collector = start((topic, value) -> {
            throw REGISTRY_DOWN;
        }, state((topic, bytes) -> sofar));
        String key = ViewCollector.stateKey("c", "a");
        pending.put(key, new byte[] {1});

        assertThatThrownBy(() -> collector.process(new Record<>("a", view("a", 1, 2, "m", t2(0.3, 0.7)), 0L))).isSameAs(REGISTRY_DOWN);
        assertThat(context.forwarded()).isEmpty();
        assertThat(pending.get(key)).isNotNull();
        assertThat(emitted.get(key)).isNull();
    }

    @Test
    void aPendingEntryThatCannotBeReadWhileTheRegistryIsDownFailsTheIdleCheckAndIsKept() {
        start((topic, value) -> new byte[] {1}, state((topic, bytes) -> {
            throw REGISTRY_DOWN;
        }));
        String key = ViewCollector.stateKey("c", "a");
        pending.put(key, new byte[] {0, 0, 0, 0, 1});
        context.setCurrentSystemTimeMs(FuseSettings.defaults().idleTimeout().plus(Duration.ofHours(1)).toMillis());

        assertThatThrownBy(() -> context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs()))
                .isSameAs(REGISTRY_DOWN);
        assertThat(context.forwarded()).isEmpty();
        assertThat(pending.get(key)).isNotNull();
    }
}
