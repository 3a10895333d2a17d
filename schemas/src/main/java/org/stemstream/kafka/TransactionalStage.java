package org.stemstream.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.concurrent.DaemonThreads;
import org.stemstream.metrics.StageMeters;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;

/**
 * Exactly-once consume-transform-produce with plain clients: each polled batch is processed, its
 * outputs and dead letters are produced, and the input offsets are committed, all in one Kafka
 * transaction. Records that cannot be deserialized or processed go to the dead-letter topic with
 * the original bytes and Kafka Streams-style error headers; the stage keeps running.
 *
 * <p>Batches are pipelined: while one batch's transaction commits (a few broker round trips), the
 * next ones (up to {@link #AHEAD}) are already being processed on the stage's processing thread.
 * Transactions commit in the order the batches were polled. Batches in hand are committed before
 * any partition is given up in a rebalance, and dropped (to be read again) when partitions are lost
 * or an earlier batch's transaction aborts.
 *
 * <p>In: {@code input} (consumer group {@code applicationId}, read_committed). Out: {@code output}
 * (same key as the input) and {@code deadLetters}.
 */
public final class TransactionalStage<I, O> implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionalStage.class);

    /**
     * Batches polled ahead of the one committing: with two, the processing thread still has a
     * batch to work on when the one it finished is waiting for its turn to commit.
     */
    static final int AHEAD = 2;
    private static final Duration POSITION_TIMEOUT = Duration.ofMillis(100);

    private final String applicationId;
    private final Topic<String, I> input;
    private final Topic<byte[], byte[]> deadLetters;
    private final BatchTransform<I, O> transform;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    /** Processes polled batches; transactions still commit in the order the batches were polled. */
    private final ExecutorService processing;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean(false);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final StageMeters meters;
    private volatile RuntimeException failure;
    private final BatchCollector batches;
    /** Batches handed to the processing thread and not yet committed, oldest first (stage thread only). */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final SkippedMarkers markers = new SkippedMarkers();

    /** A polled batch, its input offsets, and its outputs once processed. */
    private record Pending(List<ConsumerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
                           Future<BatchTransform.Result> result) {
    }

    public TransactionalStage(KafkaConnection connection, String applicationId, String instanceId, int maxPollRecords,
                              Topic<String, I> input, Topic<String, O> output, Topic<byte[], byte[]> deadLetters,
                              BatchProcessor<I, O> processor, StemMetrics metrics) {
        this(connection, applicationId, instanceId, maxPollRecords, input, output, deadLetters, processor, metrics, 1);
    }

    /**
     * @param processingThreads batches processed at once: more than one lets a processor that
     *                          hands its work to a pool of its own keep that pool busy while a
     *                          finished batch is serialized
     */
    public TransactionalStage(KafkaConnection connection, String applicationId, String instanceId, int maxPollRecords,
                              Topic<String, I> input, Topic<String, O> output, Topic<byte[], byte[]> deadLetters,
                              BatchProcessor<I, O> processor, StemMetrics metrics, int processingThreads) {
        this.applicationId = applicationId;
        this.input = input;
        this.deadLetters = deadLetters;
        var consumerProps = connection.consumer(applicationId, applicationId + "-" + instanceId);
        consumerProps.put("max.poll.records", maxPollRecords);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.batches = new BatchCollector(consumer, maxPollRecords);
        this.producer = new KafkaProducer<>(connection.producer(applicationId + "-" + instanceId, applicationId + "-" + instanceId),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.transform = new BatchTransform<>(output, deadLetters, input.valueSerde(connection.serdeConfig()).deserializer(),
                output.valueSerde(connection.serdeConfig()).serializer(), processor);
        this.processing = Executors.newFixedThreadPool(processingThreads, DaemonThreads.numbered(applicationId + "-" + instanceId + "-process"));
        this.meters = new StageMeters(metrics.registry(), applicationId);
        metrics.bind(consumer);
        metrics.bind(producer);
    }

    /** Waits for the transaction coordinator, which may be slow to appear on a fresh cluster. */
    private void initTransactions() {
        while (running.get()) {
            try {
                producer.initTransactions();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.warn("{}: transaction coordinator not ready yet ({}), retrying", applicationId, e.getMessage());
            }
        }
    }

    /** Why the stage stopped on its own, if it did; null while it runs or after a clean close. */
    public RuntimeException failure() {
        return failure;
    }

    public long processed() {
        return processed.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(applicationId + " already ran");
        }
        try {
            initTransactions();
            consumer.subscribe(List.of(input.name()), new CommitBeforeRevoke());
            while (running.get()) {
                List<ConsumerRecord<byte[], byte[]>> batch;
                try {
                    batch = batches.collect(running::get, () -> pending.isEmpty() ? null : pending.peek().result());
                } catch (WakeupException e) {
                    if (running.get()) {
                        throw e;
                    }
                    break; // close(): commit what is in hand, below
                }
                if (!batch.isEmpty()) {
                    pending.add(submit(batch));
                } else if (pending.isEmpty()) {
                    commitSkippedMarkers();
                }
                // commit what is ready; with enough polled ahead, wait for the oldest
                while (!pending.isEmpty() && (pending.peek().result().isDone() || pending.size() > AHEAD)) {
                    commitOldest();
                }
            }
            commitAll(); // close(): what is in hand

        } catch (WakeupException e) {
            if (running.get()) {
                failure = e;
                log.error("{} woken up while running", applicationId, e);
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("{} stops: {}", applicationId, e.toString(), e);
        } finally {
            pending.clear(); // uncommitted: whoever owns its partitions next reads them again
            closeClients();
            processing.shutdownNow();
            stopped.countDown();
        }
    }

    /**
     * Records of partitions revoked or lost while a batch is collected leave it
     * ({@link BatchCollector#dropPartitions}). The batches already processed commit before the
     * partitions go (this member still owns them while the callback runs); if the partitions were
     * lost instead, they can no longer commit and are dropped.
     */
    private final class CommitBeforeRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            batches.dropPartitions(partitions);
            markers.forget(partitions);
            if (!partitions.isEmpty()) {
                commitAll();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            batches.dropPartitions(partitions);
            markers.forget(partitions);
            dropAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // positions of newly assigned partitions start at their committed offsets
        }
    }

    /** Hands the batch to the processing thread, with the input offsets its transaction commits ({@link SkippedMarkers#of}). */
    private Pending submit(List<ConsumerRecord<byte[], byte[]>> records) {
        return new Pending(records, SkippedMarkers.of(records, consumer, POSITION_TIMEOUT), processing.submit(() -> transform.apply(records)));
    }

    /** The batch's outputs; a processor that throws (a bug, not bad input) stops the stage. */
    private BatchTransform.Result await(Pending p) {
        try {
            return p.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(applicationId + ": interrupted while a batch was processed", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** On an idle input with nothing in hand: commits the offsets of markers the consumer has moved past ({@link SkippedMarkers}). */
    private void commitSkippedMarkers() {
        Map<TopicPartition, OffsetAndMetadata> ahead = markers.ahead(consumer, POSITION_TIMEOUT);
        if (!ahead.isEmpty() && transact(List.of(), ahead, "the offsets past markers; the next idle poll tries again")) {
            markers.committed(ahead);
        }
    }

    /**
     * Produces {@code out} and commits {@code offsets} in one transaction; false, after aborting
     * it, when it failed ({@code then} says what follows, in the warning). Fencing and
     * authorization failures end the stage.
     */
    private boolean transact(List<ProducerRecord<byte[], byte[]>> out, Map<TopicPartition, OffsetAndMetadata> offsets, String then) {
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : out) {
                producer.send(r);
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            untilNoTimeout("commit", producer::commitTransaction);
            return true;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("{}: transaction aborted ({}); {}", applicationId, e.toString(), then);
            untilNoTimeout("abort", producer::abortTransaction);
            return false;
        }
    }

    /** Commits the oldest batch in hand; if its transaction aborts, the batches polled after it are read again too. */
    private void commitOldest() {
        if (!commit(pending.poll())) {
            dropAll(Set.of());
        }
    }

    private void commitAll() {
        while (!pending.isEmpty()) {
            commitOldest();
        }
    }

    private void dropAll(Collection<TopicPartition> gone) {
        while (!pending.isEmpty()) {
            drop(pending.poll(), gone);
        }
    }

    /** Forgets a processed batch without producing it; its records are read again (except those of {@code gone} partitions, no longer ours). */
    private void drop(Pending p, Collection<TopicPartition> gone) {
        try {
            p.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.debug("{}: dropped batch had failed", applicationId, e.getCause());
        }
        Set<TopicPartition> ours = new HashSet<>(p.offsets().keySet());
        ours.removeAll(gone);
        rewind(ours);
    }

    /** True when the transaction committed; false when it aborted (the batch will be read again). */
    private boolean commit(Pending p) {
        BatchTransform.Result done;
        try {
            done = await(p);
        } catch (RegistryUnavailable e) {
            log.warn("{}: {}; the batch will be read again in {} s", applicationId, e.getMessage(), REGISTRY_RETRY.toSeconds());
            pause(REGISTRY_RETRY);
            rewind(p.offsets().keySet());
            return false;
        }
        long commitStart = System.nanoTime();
        if (!transact(done.out(), p.offsets(), "the batch will be read again")) {
            rewind(p.offsets().keySet());
            return false;
        }
        markers.committed(p.offsets());
        long dead = done.deadLetters();
        processed.addAndGet(done.out().size() - dead);
        deadLettered.addAndGet(dead);
        meters.committed(done.out().size() - dead, dead);
        if (dead > 0) {
            log.warn("{}: {} record(s) sent to {}", applicationId, dead, deadLetters.name());
        }
        meters.batch(p.records().size(), done.nanos(), System.nanoTime() - commitStart);
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : p.records()) {
            meters.latency(Duration.ofMillis(now - r.timestamp()));
        }
        return true;
    }

    /** How long a stage waits before it reads a batch again that failed for want of the schema registry. */
    static final Duration REGISTRY_RETRY = Duration.ofSeconds(5);

    private void pause(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (running.get() && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@link Timeouts#untilNoTimeout} while the stage runs. */
    private void untilNoTimeout(String what, Runnable call) {
        Timeouts.untilNoTimeout(applicationId + ": " + what, call, running::get, log);
    }

    /** After an abort, go back to the last committed offsets so that nothing is skipped. */
    private void rewind(Set<TopicPartition> partitions) {
        batches.rewind(partitions, ps -> {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            untilNoTimeout("reading the committed offsets", () -> committed.putAll(consumer.committed(ps)));
            return committed;
        });
    }

    private void closeClients() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            log.debug("consumer close", e);
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("producer close", e);
        }
    }

    /** Stops after the batches in hand (their transactions complete or abort) and waits for them. */
    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            if (!started.compareAndSet(false, true)) {
                consumer.wakeup();
            } else {
                closeClients();
                processing.shutdownNow();
                stopped.countDown();
            }
        }
        try {
            if (!stopped.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("{} did not stop within 30 s", applicationId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
