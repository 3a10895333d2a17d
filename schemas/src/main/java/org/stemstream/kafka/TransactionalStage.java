package org.stemstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.metrics.StageMeters;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;

/**
 * Exactly-once consume-transform-produce with plain clients: each polled batch is processed, its
 * outputs and dead letters are produced, and the input offsets are committed, all in one Kafka
 * transaction. Records that cannot be deserialized or processed go to the dead-letter topic with
 * the original bytes and Kafka Streams-style error headers; the stage keeps running.
 *
 * <p>In: {@code input} (consumer group {@code applicationId}, read_committed). Out: {@code output}
 * (same key as the input) and {@code deadLetters}.
 */
public final class TransactionalStage<I, O> implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionalStage.class);

    /** How long a batch may keep collecting records after its first one. */
    static final Duration BATCH_WINDOW = Duration.ofMillis(100);
    /**
     * A batch closes early once no record has come for this long: under light load a record then
     * waits a few milliseconds, not the whole window, while under load records keep arriving and
     * batches fill.
     */
    static final Duration IDLE_GAP = Duration.ofMillis(5);

    private final String applicationId;
    private final int maxBatch;
    private final Topic<String, I> input;
    private final Topic<String, O> output;
    private final Topic<byte[], byte[]> deadLetters;
    private final BatchProcessor<I, O> processor;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Deserializer<I> inputDeserializer;
    private final Serializer<O> outputSerializer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean(false);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final StageMeters meters;
    private volatile RuntimeException failure;
    /** The batch being collected, so that a rebalance can take revoked partitions out of it. */
    private List<ConsumerRecord<byte[], byte[]>> collecting = new ArrayList<>();

    public TransactionalStage(KafkaConnection connection, String applicationId, String instanceId, int maxPollRecords,
                              Topic<String, I> input, Topic<String, O> output, Topic<byte[], byte[]> deadLetters,
                              BatchProcessor<I, O> processor, StemMetrics metrics) {
        this.applicationId = applicationId;
        this.maxBatch = maxPollRecords;
        this.input = input;
        this.output = output;
        this.deadLetters = deadLetters;
        this.processor = processor;
        var consumerProps = connection.consumer(applicationId, applicationId + "-" + instanceId);
        consumerProps.put("max.poll.records", maxPollRecords);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(connection.producer(applicationId + "-" + instanceId, applicationId + "-" + instanceId),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.inputDeserializer = input.valueSerde(connection.serdeConfig()).deserializer();
        this.outputSerializer = output.valueSerde(connection.serdeConfig()).serializer();
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
            consumer.subscribe(List.of(input.name()), new DropRevoked());
            while (running.get()) {
                List<ConsumerRecord<byte[], byte[]>> batch = collectBatch();
                if (!batch.isEmpty()) {
                    processBatch(batch);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                failure = e;
                log.error("{} woken up while running", applicationId, e);
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("{} stops: {}", applicationId, e.toString(), e);
        } finally {
            closeClients();
            stopped.countDown();
        }
    }

    /**
     * Polls until the batch is full, {@link #BATCH_WINDOW} has passed since its first record, or
     * the input has gone quiet for {@link #IDLE_GAP}: a transaction costs a few broker round
     * trips, so under load it should carry many records, not the handful one poll may return.
     */
    private List<ConsumerRecord<byte[], byte[]>> collectBatch() {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        collecting = batch;
        long deadline = Long.MAX_VALUE;
        while (running.get() && batch.size() < maxBatch) {
            long wait = deadline == Long.MAX_VALUE ? 500
                    : Math.min(IDLE_GAP.toMillis(), (deadline - System.nanoTime()) / 1_000_000);
            if (wait <= 0) {
                break;
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(wait));
            records.forEach(batch::add);
            if (batch.isEmpty()) {
                return batch;
            }
            if (records.isEmpty()) {
                break; // quiet for IDLE_GAP: process what came
            }
            if (deadline == Long.MAX_VALUE) {
                deadline = System.nanoTime() + BATCH_WINDOW.toNanos();
            }
        }
        return batch;
    }

    /**
     * A batch spans several polls, and a rebalance happens inside poll: records of partitions
     * revoked meanwhile must not be processed here (their new owner reads them again from the
     * committed offset), or both members would write them. Nothing of the batch has been produced
     * yet, so dropping them is enough; processing and commit happen outside poll, where no
     * rebalance can intervene.
     */
    private final class DropRevoked implements org.apache.kafka.clients.consumer.ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(java.util.Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
            // positions of newly assigned partitions start at their committed offsets
        }

        private void drop(java.util.Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                collecting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            }
        }
    }

    private void processBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        long start = System.nanoTime();
        List<ConsumerRecord<byte[], byte[]>> good = new ArrayList<>();
        List<I> values = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                I value = inputDeserializer.deserialize(r.topic(), r.value());
                if (value == null) {
                    throw new IllegalArgumentException("null value (tombstone) on " + r.topic());
                }
                good.add(r);
                values.add(value);
            } catch (RuntimeException e) {
                out.add(DeadLetters.of(deadLetters, r, e));
            }
        }
        List<BatchProcessor.Outcome<O>> outcomes = values.isEmpty() ? List.of() : processor.process(values);
        for (int i = 0; i < good.size(); i++) {
            ConsumerRecord<byte[], byte[]> source = good.get(i);
            BatchProcessor.Outcome<O> outcome = outcomes.get(i);
            try {
                if (outcome.error() != null) {
                    throw outcome.error();
                }
                out.add(new ProducerRecord<>(output.name(), null, source.key(),
                        outputSerializer.serialize(output.name(), outcome.value())));
            } catch (Exception e) {
                out.add(DeadLetters.of(deadLetters, source, e));
            }
        }
        long processedAt = System.nanoTime();
        if (commit(records, out)) {
            meters.batch(records.size(), processedAt - start, System.nanoTime() - processedAt);
            long now = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                meters.latency(Duration.ofMillis(now - r.timestamp()));
            }
        }
    }

    /** True when the transaction committed; false when it aborted (the batch will be read again). */
    private boolean commit(List<ConsumerRecord<byte[], byte[]>> records, List<ProducerRecord<byte[], byte[]>> out) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        try {
            producer.beginTransaction();
            long dead = 0;
            for (ProducerRecord<byte[], byte[]> r : out) {
                producer.send(r);
                if (r.topic().equals(deadLetters.name())) {
                    dead++;
                }
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            processed.addAndGet(out.size() - dead);
            deadLettered.addAndGet(dead);
            meters.committed(out.size() - dead, dead);
            if (dead > 0) {
                log.warn("{}: {} record(s) sent to {}", applicationId, dead, deadLetters.name());
            }
            return true;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("{}: transaction aborted ({}); the batch will be read again", applicationId, e.toString());
            producer.abortTransaction();
            rewind(offsets.keySet());
            return false;
        }
    }

    /** After an abort, go back to the last committed offsets so that nothing is skipped. */
    private void rewind(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        for (TopicPartition tp : partitions) {
            if (!consumer.assignment().contains(tp)) {
                continue;
            }
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                consumer.seek(tp, c.offset());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
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

    /** Stops after the batch in hand (its transaction completes or aborts) and waits for it. */
    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            if (!started.compareAndSet(false, true)) {
                consumer.wakeup();
            } else {
                closeClients();
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
