package org.stemstream.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fusion stage's {@link ViewCollector#EMITTED_STORE}: per object (its state key), when its
 * fused record (or its dead letter) went out, in epoch milliseconds, kept for
 * {@link FuseSettings#emittedRetention()}.
 *
 * <p>Writing an entry cannot fail: its value is a long's 8 bytes and its key a String's UTF-8
 * (which Kafka's StringSerializer never refuses). The bytes are Kafka's {@link LongSerializer}'s,
 * as when the store's serde was {@code Serdes.Long()}, so existing changelogs restore as they
 * were.
 *
 * <p>Reading one can fail: the changelog may hold bytes this version did not write (a tool or a
 * stray producer writing to it, another version's format after a rollback). The store therefore
 * holds bytes and this class reads them, as {@link PendingFusions} does: through the Long serde,
 * such an entry threw from every read of its key (each view of that object was dead-lettered)
 * and from the purge's scan of all entries, so no object was ever forgotten again and each purge
 * wrote a dead letter with neither key nor value. An entry that cannot be read still says that
 * its object was emitted (nothing else writes this store), only not when: it counts as emitted
 * when it is found, is rewritten so (logged at WARN), and is forgotten one retention later like
 * the others. It is not dead-lettered: it holds no data to recover, the object's record went out.
 */
final class EmittedObjects {
    private static final Logger log = LoggerFactory.getLogger(EmittedObjects.class);
    private final LongSerializer writer = new LongSerializer();
    private final LongDeserializer reader = new LongDeserializer();

    private final KeyValueStore<String, byte[]> store;

    EmittedObjects(ProcessorContext<?, ?> context) {
        this.store = context.getStateStore(ViewCollector.EMITTED_STORE);
    }

    /** When the object of {@code key} was emitted, or null if it was not (or has been forgotten); {@code now} for an unreadable entry. */
    Long emittedAt(String key, long now) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return null;
        }
        Long at = read(bytes);
        if (at == null) {
            repair(key, bytes, now);
            return now;
        }
        return at;
    }

    void put(String key, long emittedAt) {
        store.put(key, writer.serialize(null, emittedAt));
    }

    /**
     * Forgets the objects emitted at least {@code retentionMs} before {@code now}. An entry more
     * than one retention after {@code now} is read as one that cannot be read: this stage's clock
     * never wrote it (eight stray bytes read as a long can be any time, and one far ahead would
     * be remembered for good). It is rewritten as emitted now and forgotten one retention later.
     */
    void forget(long now, long retentionMs) {
        List<String> old = new ArrayList<>();
        List<KeyValue<String, byte[]>> unreadable = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> {
                Long at = read(kv.value);
                if (at == null || at - retentionMs > now) {
                    unreadable.add(kv);
                } else if (at + retentionMs <= now) {
                    old.add(kv.key);
                }
            });
        }
        // the store is changed once the scan is done
        old.forEach(store::delete);
        unreadable.forEach(kv -> repair(kv.key, kv.value, now));
    }

    /** The time in an entry's bytes, or null if they are not a long's 8 bytes. */
    private Long read(byte[] bytes) {
        return bytes.length == Long.BYTES ? reader.deserialize(null, bytes) : null;
    }

    private void repair(String key, byte[] bytes, long now) {
        Long at = read(bytes);
        String what = at == null ? bytes.length + " bytes, not a long's 8" : "8 bytes read as " + Instant.ofEpochMilli(at)
                + ", more than a retention ahead of this stage's clock";
        log.warn("cannot read when object {} was emitted ({}: {}); it counts as emitted at {} and is forgotten one retention later",
                key, what, HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32)), Instant.ofEpochMilli(now));
        put(key, now);
    }
}
