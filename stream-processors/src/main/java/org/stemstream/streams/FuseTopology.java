package org.stemstream.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.state.Stores;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.serde.SchemaRegistryConfig;

/**
 * The fusion topology: {@code classifications} (key: object id) -> per-object views collected in
 * a state store ({@link ViewCollector}) -> one fused record per object on
 * {@code object-classifications}. Bad views go to the dead-letter topic {@code fuse-dlq} through
 * the handlers of {@link StreamsApps#config}; a fused record that cannot be serialized and a
 * pending entry that cannot be read go there from {@link ViewCollector} itself, which alone knows
 * what they hold (the handlers would write the last view's bytes, or nothing from the idle check).
 *
 * <p>Pending state is stored as {@link ObjectClassification} Avro records (the fusion so far) in
 * the registry's wire format, so a later schema version still reads it. Their subjects are the
 * changelog topics'; the stage registers them itself whatever the serde configuration says,
 * as no deployment step knows these internal topics. Emission times are 8-byte longs. Both stores
 * hold bytes, read by {@link PendingFusions} and {@link EmittedObjects}.
 */
public final class FuseTopology {
    private static final String SOURCE = "classified-views";
    private static final String COLLECTOR = "fuse-views";

    private FuseTopology() {
    }

    /** @param streamsConfig the app's Streams configuration ({@link StreamsApps#config}) */
    public static Topology build(Properties streamsConfig, FuseSettings settings, Map<String, ?> serdeConfig) {
        Serde<String> keys = Topics.CLASSIFICATIONS.keySerde(serdeConfig);
        Serde<Classification> views = Topics.CLASSIFICATIONS.valueSerde(serdeConfig);
        Serde<ObjectClassification> fused = BoundedSerde.of(Topics.OBJECT_CLASSIFICATIONS.valueSerde(serdeConfig));
        Map<String, Object> stateSerdeConfig = new HashMap<>(serdeConfig);
        stateSerdeConfig.put(SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, true);
        stateSerdeConfig.put(SchemaRegistryConfig.USE_LATEST_VERSION, false);
        Serde<ObjectClassification> state = Topics.OBJECT_CLASSIFICATIONS.valueSerde(stateSerdeConfig);

        // The Processor API, as ViewCollector forwards to one sink or the other by name.
        Topology topology = new Topology(new TopologyConfig(new StreamsConfig(streamsConfig)));
        topology.addSource(SOURCE, keys.deserializer(), views.deserializer(), Topics.CLASSIFICATIONS.name());
        topology.addProcessor(COLLECTOR, () -> new ViewCollector(settings, fused.serializer(), state), SOURCE);
        // pending fusions are bytes here, read and written by ViewCollector through the same serde (PendingFusions)
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ViewCollector.PENDING_STORE), Serdes.String(),
                Serdes.ByteArray()), COLLECTOR);
        // emission times are bytes too (Serdes.Long()'s, as before), read and written by ViewCollector (EmittedObjects)
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ViewCollector.EMITTED_STORE), Serdes.String(),
                Serdes.ByteArray()), COLLECTOR);
        topology.addSink(ViewCollector.FUSED_SINK, Topics.OBJECT_CLASSIFICATIONS.name(), keys.serializer(), new ByteArraySerializer(), COLLECTOR);
        topology.addSink(ViewCollector.DEAD_LETTER_SINK, Topics.FUSE_DLQ.name(), keys.serializer(), new ByteArraySerializer(), COLLECTOR);
        return topology;
    }
}
