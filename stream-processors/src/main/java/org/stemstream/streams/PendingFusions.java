package org.stemstream.streams;

import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stemstream.kafka.RegistryUnavailable;
import org.stemstream.schemas.avro.ObjectClassification;

/**
 * The fusion stage's {@link ViewCollector#PENDING_STORE}: per object (its state key), the
 * {@link ObjectClassification} fused from its views so far, in the registry's wire format.
 *
 * <p>The store holds bytes and this class (de)serializes them, rather than the store's serde: an
 * entry that cannot be read (a schema id the registry no longer knows, bytes written by a version
 * whose schema this one cannot read, corruption) is then handed back with its bytes and the
 * reason, to be dead-lettered and removed, instead of failing every read of the store, the idle
 * check's scan of all entries included. An entry that cannot be read because the registry is
 * down is not the entry's fault: that error is thrown, so the stream thread fails and reads the
 * same records again ({@link RegistryOutages}).
 *
 * <p>The bytes are those the store's serde wrote before (the same serde, the same changelog
 * subject), so state restored from an existing changelog reads as before.
 */
final class PendingFusions {
    /**
     * One entry: its fusion, or (fusion null) its bytes and why they cannot be read.
     *
     * @param key the state key ({@link ViewCollector#stateKey})
     */
    record Entry(String key, byte[] bytes, ObjectClassification fusion, RuntimeException unreadable) {
        boolean readable() {
            return fusion != null;
        }
    }

    private final KeyValueStore<String, byte[]> store;
    private final Serde<ObjectClassification> serde;
    private final String changelogTopic;

    PendingFusions(ProcessorContext<?, ?> context, Serde<ObjectClassification> serde) {
        this.store = context.getStateStore(ViewCollector.PENDING_STORE);
        this.serde = serde;
        // Streams' own name for the store's changelog: the serde's registry subject follows it, as when the store serialized
        this.changelogTopic = context.applicationId() + "-" + ViewCollector.PENDING_STORE + "-changelog";
    }

    /** Where the entries' bytes come from and go to (named in dead letters). */
    String changelogTopic() {
        return changelogTopic;
    }

    /** The entry of {@code key}, or null when there is none. */
    Entry get(String key) {
        byte[] bytes = store.get(key);
        return bytes == null ? null : read(key, bytes);
    }

    /** Every entry, readable or not, in key order. */
    void forEach(Consumer<Entry> action) {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> action.accept(read(kv.key, kv.value)));
        }
    }

    /** Keeps a fusion as {@link #encode} gave it. */
    void put(String key, byte[] encoded) {
        store.put(key, encoded);
    }

    void delete(String key) {
        store.delete(key);
    }

    /** A fusion as the store keeps it (also the value of the stage's own dead letters). */
    byte[] encode(ObjectClassification fusion) {
        return serde.serializer().serialize(changelogTopic, fusion);
    }

    private Entry read(String key, byte[] bytes) {
        try {
            ObjectClassification fusion = serde.deserializer().deserialize(changelogTopic, bytes);
            if (fusion == null) {
                throw new SerializationException(bytes.length + " bytes on " + changelogTopic + " read as no fusion");
            }
            return new Entry(key, bytes, fusion, null);
        } catch (RuntimeException e) {
            if (RegistryUnavailable.causedBy(e)) {
                throw e;
            }
            return new Entry(key, bytes, null, e);
        }
    }
}
