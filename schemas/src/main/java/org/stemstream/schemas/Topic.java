package org.stemstream.schemas;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.stemstream.schemas.serde.AvroSerde;

/**
 * A typed topic: its name, key and value types, default partition count and retention.
 * Serdes are built from the application's serde configuration (the registry URL and friends).
 *
 * @param partitions default partition count: 12 lets a consumer-group pool grow to 12 members
 */
public record Topic<K, V>(String name, Class<K> keyType, Class<V> valueType, int partitions, Duration retention) {

    public Topic {
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("topic names are kebab-case nouns, got '" + name + "'");
        }
    }

    public Serde<K> keySerde(Map<String, ?> serdeConfig) {
        return serde(keyType, serdeConfig, true);
    }

    public Serde<V> valueSerde(Map<String, ?> serdeConfig) {
        return serde(valueType, serdeConfig, false);
    }

    /** The registry subject of the values under Confluent's TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }

    public boolean hasAvroValues() {
        return SpecificRecord.class.isAssignableFrom(valueType);
    }

    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Serde<T> serde(Class<T> type, Map<String, ?> serdeConfig, boolean isKey) {
        if (type == String.class) {
            return (Serde<T>) Serdes.String();
        }
        if (type == byte[].class) {
            return (Serde<T>) Serdes.ByteArray();
        }
        if (SpecificRecord.class.isAssignableFrom(type)) {
            return (Serde<T>) AvroSerde.of((Class) type, serdeConfig, isKey);
        }
        throw new IllegalArgumentException("no serde for " + type.getName());
    }
}
