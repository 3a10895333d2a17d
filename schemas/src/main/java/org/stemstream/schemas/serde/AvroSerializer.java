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

    /** How long the subject's latest version is trusted before it is asked for again. */
    static final long LATEST_TTL_NANOS = 30_000_000_000L;
    private final Map<String, java.util.Map.Entry<Long, SchemaRegistryClient.Registered>> latest = new ConcurrentHashMap<>();

    private SchemaRegistryClient.Registered latest(String subject) {
        long now = System.nanoTime();
        var cached = latest.get(subject);
        if (cached != null && now - cached.getKey() < LATEST_TTL_NANOS) {
            return cached.getValue();
        }
        SchemaRegistryClient.Registered fresh = client.latest(subject);
        latest.put(subject, java.util.Map.entry(now, fresh));
        return fresh;
    }

    private int schemaId(String subject, Schema schema) {
        SchemaRegistryConfig config = client.config();
        try {
            if (config.useLatestVersion()) {
                SchemaRegistryClient.Registered latest = latest(subject);
                if (!latest.schema().equals(schema)) {
                    // the bytes follow the record's schema: tagged with another id, readers would decode them wrongly
                    throw new SerializationException("use.latest.version: the latest schema of " + subject + " (id " + latest.id()
                            + ", version " + latest.version() + ") is not the schema of this " + schema.getFullName()
                            + "; upgrade this service, or write with auto.register.schemas");
                }
                return latest.id();
            }
            return config.autoRegisterSchemas() ? client.register(subject, schema) : client.lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("no schema id for subject " + subject + ": " + e.getMessage(), e);
        }
    }
}
