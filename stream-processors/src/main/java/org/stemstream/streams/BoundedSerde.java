package org.stemstream.streams;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.stemstream.schemas.Topics;

/**
 * A serde whose serializer refuses values over a size limit with a {@link SerializationException}.
 *
 * <p>Why: under exactly_once_v2 a record the producer rejects as too large puts the transaction
 * into an abortable state, so Streams aborts and reprocesses the same input forever whatever the
 * production exception handler answers. Refused at serialization instead, the record never
 * reaches the producer: {@link ContinueProductionExceptionHandler#handleSerializationError}
 * writes the input to the dead-letter topic and the app moves on.
 */
public final class BoundedSerde<T> implements Serde<T> {
    /** Values up to the topic limit less room for the key, the headers and the record framing. */
    public static final int MAX_VALUE_BYTES = Topics.MAX_VALUE_BYTES;

    private final Serde<T> inner;
    private final int maxBytes;

    private BoundedSerde(Serde<T> inner, int maxBytes) {
        this.inner = inner;
        this.maxBytes = maxBytes;
    }

    public static <T> BoundedSerde<T> of(Serde<T> inner, int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("size limit " + maxBytes + " bytes must be positive");
        }
        return new BoundedSerde<>(inner, maxBytes);
    }

    /** Bounded by {@link #MAX_VALUE_BYTES}. */
    public static <T> BoundedSerde<T> of(Serde<T> inner) {
        return of(inner, MAX_VALUE_BYTES);
    }

    @Override
    public Serializer<T> serializer() {
        Serializer<T> s = inner.serializer();
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T data) {
                return check(topic, s.serialize(topic, data));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, T data) {
                return check(topic, s.serialize(topic, headers, data));
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return inner.deserializer();
    }

    private byte[] check(String topic, byte[] bytes) {
        if (bytes != null && bytes.length > maxBytes) {
            throw new SerializationException("record for topic " + topic + " is " + bytes.length
                    + " bytes, over the limit of " + maxBytes + " bytes");
        }
        return bytes;
    }
}
