package org.stemstream.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.kafka.RegistryUnavailable;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;

/**
 * The fusion stage's stateful step: collects the views of each object and forwards one fused
 * record per object, when its expected views are in (complete) or when it has been idle for the
 * timeout (incomplete).
 *
 * <p>State: {@link #PENDING_STORE} holds, per object, the fusion of the views seen so far
 * (exactly what {@link FuseFunction#add} needs; its {@code fusedAt} is when the last view
 * arrived). {@link #EMITTED_STORE} remembers when each object was emitted, for
 * {@link FuseSettings#emittedRetention()}: a view arriving after its object was emitted is logged
 * and dropped, a repeated image id is dropped, so each object is emitted once. Both stores hold
 * bytes that this stage reads ({@link PendingFusions}, {@link EmittedObjects}), so that one
 * unreadable entry is dealt with alone rather than failing every scan of its store.
 *
 * <p>Out: to the child {@link #FUSED_SINK}, each fused record already serialized, so that a record
 * that cannot be serialized is known here, before its object leaves the store; to the child
 * {@link #DEAD_LETTER_SINK}, what would otherwise be lost: a fused record that cannot be
 * serialized for any reason but a registry outage (its fusion, all its views: as the store keeps
 * it, or where that cannot be written or does not fit, as Avro JSON or as a JSON summary with the
 * views' image ids; header {@value FusedDeadLetter#VALUE_FORMAT} says which, the reason header
 * why, see {@link FusedDeadLetter}: never without a value), and a pending entry that cannot be
 * read (its bytes). Both come with Kafka's {@code __streams.errors.*} headers
 * ({@link DeadLetters}) and leave the store, so that they fail once, not on every idle check. A
 * registry outage is thrown instead: the thread fails and the same records are read again
 * ({@link RegistryOutages}).
 *
 * <p>An object is its campaign id and object id ({@link #stateKey}): object ids come from files
 * and sidecars too, and two campaigns may both have a "p-17". Records stay keyed by object id, so
 * all views of one object id meet in one task.
 *
 * <p>Idle time on the wall clock counts from the later of the last view and the moment this task
 * started: after a restart or a rebalance the objects restored from the changelog get the whole
 * timeout for their remaining views, which may still be waiting in the backlog.
 */
final class ViewCollector implements Processor<String, Classification, String, byte[]> {
    static final String PENDING_STORE = "pending-views";
    static final String EMITTED_STORE = "emitted-objects";
    /** The child that writes fused records to {@code object-classifications}. */
    static final String FUSED_SINK = "fused-objects";
    /** The child that writes this stage's own dead letters to {@code fuse-dlq}. */
    static final String DEAD_LETTER_SINK = "fuse-dead-letters";
    private static final Logger log = LoggerFactory.getLogger(ViewCollector.class);
    /**
     * The most bytes one object's pending fusion may take in the store (and its changelog): an
     * object of 5 views takes about 2 KB, one of 1,000 views with 100-character image ids about
     * 100 KB. An object that would take more is emitted as it stands.
     */
    static final int MAX_PENDING_BYTES = 1 << 20;

    private final FuseSettings settings;
    private final FuseFunction fuse;
    private final Serializer<ObjectClassification> output;
    private final Serde<ObjectClassification> state;
    private ProcessorContext<String, byte[]> context;
    private PendingFusions pending;
    private EmittedObjects emitted;
    private long startedAt;

    /**
     * @param output the serializer of {@code object-classifications}' values
     * @param state  the serde of the pending fusions ({@link PendingFusions})
     */
    ViewCollector(FuseSettings settings, Serializer<ObjectClassification> output, Serde<ObjectClassification> state) {
        this.settings = settings;
        this.fuse = new FuseFunction(settings.epsilon());
        this.output = output;
        this.state = state;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.pending = new PendingFusions(context, state);
        this.emitted = new EmittedObjects(context);
        this.startedAt = settings.timeBase() == PunctuationType.WALL_CLOCK_TIME ? context.currentSystemTimeMs() : Long.MIN_VALUE;
        context.schedule(settings.checkInterval(), settings.timeBase(), this::emitIdle);
        Duration purgeEvery = settings.emittedRetention().dividedBy(10);
        context.schedule(purgeEvery.compareTo(settings.checkInterval()) > 0 ? purgeEvery : settings.checkInterval(),
                settings.timeBase(), this::forgetEmitted);
    }

    @Override
    public void process(Record<String, Classification> record) {
        Classification view = record.value();
        if (view == null) {
            return;
        }
        String objectId = view.getObjectId();
        if (record.key() != null && !record.key().equals(objectId)) {
            // Views are partitioned by key; a view keyed otherwise may sit in another task than its object.
            throw new IllegalArgumentException("view " + view.getImageId() + " has key " + record.key()
                    + " but object id " + objectId + "; classifications are keyed by object id");
        }
        String key = stateKey(view.getCampaignId(), objectId);
        Long emittedAt = emitted.emittedAt(key, now());
        if (emittedAt != null) {
            log.warn("view {} of object {} (campaign {}) arrived after the object was emitted at {}; dropped", view.getImageId(),
                    objectId, view.getCampaignId(), Instant.ofEpochMilli(emittedAt));
            return;
        }
        PendingFusions.Entry entry = pending.get(key);
        if (entry != null && !entry.readable()) {
            // what can be kept of the views before is the entry's bytes; this view starts the object again
            deadLetterUnreadable(entry, record.timestamp());
            entry = null;
        }
        ObjectClassification sofar = entry == null ? null : entry.fusion();
        if (sofar != null && sofar.getImageIds().contains(view.getImageId())) {
            log.info("view {} of object {} seen before; dropped", view.getImageId(), objectId);
            return;
        }
        Instant now = Instant.ofEpochMilli(now());
        ObjectClassification fused = sofar == null ? fuse.start(view, now) : fuse.add(sofar, view, now);
        long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
        if (fused.getComplete()) {
            emit(key, fused, record.timestamp(), now.toEpochMilli(), offset);
            return;
        }
        byte[] stored = pending.encode(fused);
        if (stored.length > MAX_PENDING_BYTES) {
            // its changelog record would grow past what a topic takes, and under exactly-once the task could never commit
            log.warn("object {} (campaign {}) holds {} views in {} bytes of state, over {}: emitted incomplete, later views dropped",
                    objectId, view.getCampaignId(), fused.getViewsUsed(), stored.length, MAX_PENDING_BYTES);
            emit(key, fused, record.timestamp(), now.toEpochMilli(), offset);
        } else {
            pending.put(key, stored);
        }
    }

    /** The state stores' key of an object: its campaign id (length-prefixed, so no id can fake another) and object id. */
    static String stateKey(String campaignId, String objectId) {
        return campaignId.length() + ":" + campaignId + "/" + objectId;
    }

    private long now() {
        return settings.timeBase() == PunctuationType.WALL_CLOCK_TIME ? context.currentSystemTimeMs() : context.currentStreamTimeMs();
    }

    private void emitIdle(long now) {
        long idleMs = settings.idleTimeout().toMillis();
        List<PendingFusions.Entry> due = new ArrayList<>();
        pending.forEach(entry -> {
            // an unreadable entry has no time to wait for: its bytes go to the dead-letter topic now
            if (!entry.readable() || Math.max(entry.fusion().getFusedAt().toEpochMilli(), startedAt) + idleMs <= now) {
                due.add(entry);
            }
        });
        for (PendingFusions.Entry entry : due) {
            if (!entry.readable()) {
                deadLetterUnreadable(entry, now);
                continue;
            }
            ObjectClassification fused = entry.fusion();
            log.debug("object {} idle with {} of {} views; emitted incomplete", entry.key(), fused.getViewsUsed(), fused.getViewsExpected());
            emit(entry.key(), fused, now, now, -1);
        }
    }

    /** @param offset the offset of the view that completed the object, -1 when the idle check emits it */
    private void emit(String key, ObjectClassification fusion, long timestamp, long now, long offset) {
        ObjectClassification fused = ObjectClassification.newBuilder(fusion).setFusedAt(Instant.ofEpochMilli(now)).build();
        byte[] value = null;
        try {
            value = output.serialize(Topics.OBJECT_CLASSIFICATIONS.name(), fused);
        } catch (RuntimeException e) {
            if (RegistryUnavailable.causedBy(e)) {
                throw e;
            }
            FusedDeadLetter.Value dead = FusedDeadLetter.of(fused, pending::encode,
                    ContinueProductionExceptionHandler.MAX_DEAD_LETTER_VALUE_BYTES);
            String note = dead.note().isEmpty() ? "" : " (" + dead.note() + ")";
            log.warn("cannot serialize the fused record of object {} (campaign {}, {} views) ({}); written to {} as {}{}", fused.getObjectId(),
                    fused.getCampaignId(), fused.getViewsUsed(), e.toString(), Topics.FUSE_DLQ.name(), dead.format(), note);
            deadLetter(fused.getObjectId(), dead.bytes(), dead.headers(), Topics.CLASSIFICATIONS.name(), offset, timestamp,
                    reason(e) + "; the dead letter holds the fusion of its " + fused.getViewsUsed() + " views as " + dead.format() + note, e);
        }
        if (value != null) {
            context.forward(new Record<>(fused.getObjectId(), value, timestamp), FUSED_SINK);
        }
        pending.delete(key);
        emitted.put(key, now);
    }

    private void deadLetterUnreadable(PendingFusions.Entry entry, long timestamp) {
        log.warn("cannot read the pending fusion {} ({} bytes: {}); written to {} and removed", entry.key(), entry.bytes().length,
                entry.unreadable().toString(), Topics.FUSE_DLQ.name());
        deadLetter(entry.key(), entry.bytes(), new RecordHeaders(), pending.changelogTopic(), -1, timestamp, reason(entry.unreadable()),
                entry.unreadable());
        pending.delete(entry.key());
    }

    /**
     * Writes a dead letter as Streams' handlers do ({@link DeadLetters}): {@code source} and the
     * task's partition name where the value came from. A value too large for the dead-letter topic
     * once the headers are added is left out (and logged), so the dead letter itself cannot fail:
     * only a pending entry's can be (the changelog's records may be a little larger), never a fused
     * record's, which {@link FusedDeadLetter} fits.
     */
    private void deadLetter(String key, byte[] value, Headers headers, String source, long offset, long timestamp, String reason,
                            Exception error) {
        if (value != null && value.length > ContinueProductionExceptionHandler.MAX_DEAD_LETTER_VALUE_BYTES) {
            log.warn("the dead letter of {} carries no value: {} bytes", key, value.length);
            value = null;
        }
        ProducerRecord<byte[], byte[]> dead = DeadLetters.of(Topics.FUSE_DLQ, null, value, headers, source,
                context.taskId().partition(), offset, reason, error);
        context.forward(new Record<>(key, dead.value(), timestamp, dead.headers()), DEAD_LETTER_SINK);
    }

    private static String reason(Exception error) {
        return error.getMessage() != null ? error.getMessage() : error.toString();
    }

    private void forgetEmitted(long now) {
        emitted.forget(now, settings.emittedRetention().toMillis());
    }
}
