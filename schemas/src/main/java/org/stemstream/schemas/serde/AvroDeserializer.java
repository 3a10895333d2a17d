package org.stemstream.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format bytes into a specific record class: the writer's schema comes from
 * the registry by id (cached), the reader's schema is the generated class's, so an older service
 * reads records written with a newer, compatible schema. Corrupt bytes, a wrong magic byte or an
 * unknown schema id raise a {@link SerializationException} that says which.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private SchemaRegistryClient client;
    private Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; needs {@code specific.avro.reader.class} then. */
    public AvroDeserializer() {
    }

    public AvroDeserializer(SchemaRegistryClient client, Class<T> type) {
        this.client = client;
        this.readerSchema = SpecificData.get().getSchema(type);
    }

    /** Our key: the generated class to read into (Confluent's serde finds it from the writer schema). */
    public static final String SPECIFIC_READER_CLASS = "specific.avro.reader.class";

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.client = new SchemaRegistryClient(SchemaRegistryConfig.from(configs));
        Object type = configs.get(SPECIFIC_READER_CLASS);
        if (type == null) {
            throw new IllegalArgumentException("missing " + SPECIFIC_READER_CLASS);
        }
        try {
            Class<T> cls = type instanceof Class<?> c ? (Class<T>) c : (Class<T>) Class.forName(type.toString());
            this.readerSchema = SpecificData.get().getSchema(cls);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(SPECIFIC_READER_CLASS + " names an unknown class: " + type, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 5) {
            throw new SerializationException("record of " + data.length + " bytes on " + topic
                    + " is too short for the Confluent wire format (magic byte + 4-byte schema id)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        byte magic = buffer.get();
        if (magic != AvroSerializer.MAGIC) {
            throw new SerializationException("unknown magic byte " + magic + " on " + topic + " (expected 0)");
        }
        int id = buffer.getInt();
        SpecificDatumReader<T> reader;
        try {
            reader = readers.computeIfAbsent(id, i -> new SpecificDatumReader<>(client.schemaById(i), readerSchema));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("unknown schema id " + id + " on " + topic + ": " + e.getMessage(), e);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, null);
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException((data.length - 5) + " body bytes but the record ended early");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("corrupt Avro body (schema id " + id + ") on " + topic + ": " + e, e);
        }
    }
}
