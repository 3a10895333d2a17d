package org.stemstream.schemas.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer of one generated Avro class, sharing one registry client. */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final Class<T> type;
    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;

    public AvroSerde(Class<T> type) {
        this.type = type;
    }

    /** A ready serde for the given Kafka-style configuration (needs {@code schema.registry.url}). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, Map<String, ?> configs, boolean isKey) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(configs, isKey);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> withType = new HashMap<>(configs);
        withType.put(AvroDeserializer.SPECIFIC_READER_CLASS, type);
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryConfig.from(withType));
        this.serializer = new AvroSerializer<>(client, isKey);
        this.deserializer = new AvroDeserializer<>(client, type);
    }

    @Override
    public Serializer<T> serializer() {
        requireConfigured();
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        requireConfigured();
        return deserializer;
    }

    private void requireConfigured() {
        if (serializer == null) {
            throw new IllegalStateException("AvroSerde<" + type.getSimpleName() + "> used before configure()");
        }
    }
}
