package org.stemstream.schemas.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
     * Each thread's buffer, kept from one record to the next (up to {@link #KEPT_BYTES}): a fresh
     * buffer per record had to be allocated, zeroed and, for an image, grown, which took a third of
     * the simulator worker's serializing thread (async-profiler, bench pool).
     */
    private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);
    /** Larger buffers (frames of several MiB) are dropped after their record. */
    static final int KEPT_BYTES = 1 << 20;

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
            Output out = outputs.get();
            out.reset();
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            out.encoder = EncoderFactory.get().directBinaryEncoder(out, out.encoder);
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, out.encoder);
            out.encoder.flush();
            byte[] bytes = out.toByteArray();
            if (out.capacity() > KEPT_BYTES) {
                outputs.remove();
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** A growable byte array for one thread: unlike {@link java.io.ByteArrayOutputStream}, not synchronized, and reused. */
    static final class Output extends OutputStream {
        private byte[] bytes = new byte[256];
        private int count;
        BinaryEncoder encoder;

        void reset() {
            count = 0;
        }

        int capacity() {
            return bytes.length;
        }

        private void ensure(int more) {
            if (more > bytes.length - count) {
                bytes = Arrays.copyOf(bytes, Math.max(count + more, 2 * bytes.length));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            ensure(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, count);
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
