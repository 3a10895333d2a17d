package org.stemstream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format: magic byte 0, the schema id as a
 * 4-byte big-endian int, then the Avro binary body. Subjects follow Confluent's
 * TopicNameStrategy ({@code <topic>-value} / {@code <topic>-key}).
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    static final byte MAGIC = 0;

    private SchemaRegistryClient client;
    private boolean isKey;
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
    /**
     * The last record's size: records on one topic are about the same size, and an image grown
     * from a small buffer is copied once per doubling (a third of the simulator worker's own CPU).
     */
    private volatile int sizeHint = 256;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient client, boolean isKey) {
        this.client = client;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.client = new SchemaRegistryClient(SchemaRegistryConfig.from(configs));
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        String subject = topic + (isKey ? "-key" : "-value");
        int id = schemaId(subject, schema);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint + sizeHint / 8);
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
            encoder.flush();
            sizeHint = Math.max(256, out.size());
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private int schemaId(String subject, Schema schema) {
        SchemaRegistryConfig config = client.config();
        try {
            if (config.useLatestVersion()) {
                return client.latest(subject).id();
            }
            return config.autoRegisterSchemas() ? client.register(subject, schema) : client.lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("no schema id for subject " + subject + ": " + e.getMessage(), e);
        }
    }
}
