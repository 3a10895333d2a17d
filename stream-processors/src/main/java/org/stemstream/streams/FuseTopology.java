package org.stemstream.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.serde.SchemaRegistryConfig;

/**
 * The fusion topology: {@code classifications} (key: object id) -> per-object views collected in
 * a state store ({@link ViewCollector}) -> one fused record per object on
 * {@code object-classifications}. Bad records go to the dead-letter topic through the handlers of
 * {@link StreamsApps#config}.
 *
 * <p>State is stored as {@link ObjectClassification} Avro records (the fusion so far) in the
 * registry's wire format, so a later schema version still reads it. Their subjects are the
 * changelog topics'; the stage registers them itself whatever the serde configuration says,
 * as no deployment step knows these internal topics.
 */
public final class FuseTopology {
    private FuseTopology() {
    }

    /** @param streamsConfig the app's Streams configuration ({@link StreamsApps#config}) */
    public static Topology build(Properties streamsConfig, FuseSettings settings, Map<String, ?> serdeConfig) {
        Serde<String> keys = Topics.CLASSIFICATIONS.keySerde(serdeConfig);
        Serde<Classification> views = Topics.CLASSIFICATIONS.valueSerde(serdeConfig);
        Serde<ObjectClassification> fused = Topics.OBJECT_CLASSIFICATIONS.valueSerde(serdeConfig);
        Map<String, Object> stateSerdeConfig = new HashMap<>(serdeConfig);
        stateSerdeConfig.put(SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, true);
        stateSerdeConfig.put(SchemaRegistryConfig.USE_LATEST_VERSION, false);
        Serde<ObjectClassification> state = Topics.OBJECT_CLASSIFICATIONS.valueSerde(stateSerdeConfig);

        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ViewCollector.PENDING_STORE), Serdes.String(), state));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ViewCollector.EMITTED_STORE), Serdes.String(), Serdes.Long()));
        builder.stream(Topics.CLASSIFICATIONS.name(), Consumed.with(keys, views).withName("classified-views"))
                .process(() -> new ViewCollector(settings), Named.as("fuse-views"), ViewCollector.PENDING_STORE, ViewCollector.EMITTED_STORE)
                .to(Topics.OBJECT_CLASSIFICATIONS.name(), Produced.with(keys, fused).withName("fused-objects"));
        return builder.build();
    }
}
