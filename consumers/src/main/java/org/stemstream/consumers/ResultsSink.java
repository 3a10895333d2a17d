package org.stemstream.consumers;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;

/**
 * Results sink: keeps a {@link RunningSummary} of the classifications it reads. In:
 * {@code classifications} (read_committed, its own group id so several sinks each see all);
 * unreadable records to {@code results-sink-dlq}.
 */
public final class ResultsSink implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultsSink.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final Deserializer<Classification> deserializer;
    private final Predicate<Classification> filter;
    private final java.util.function.Consumer<Classification> listener;
    private final RunningSummary summary = new RunningSummary();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    /** @param filter which classifications count (for example one campaign's) */
    public ResultsSink(KafkaConnection connection, Predicate<Classification> filter) {
        this(connection, filter, c -> { });
    }

    /**
     * @param filter   which classifications count (for example one campaign's)
     * @param listener told of each that counts, on the sink's thread (for example to print it)
     */
    public ResultsSink(KafkaConnection connection, Predicate<Classification> filter, java.util.function.Consumer<Classification> listener) {
        String instance = UUID.randomUUID().toString().substring(0, 8);
        this.consumer = new KafkaConsumer<>(connection.consumer(Topics.RESULTS_SINK_APP + "-" + instance, Topics.RESULTS_SINK_APP + "-" + instance),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new KafkaProducer<>(connection.producer(Topics.RESULTS_SINK_APP + "-dlq-" + instance, null),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.deserializer = Topics.CLASSIFICATIONS.valueSerde(connection.serdeConfig()).deserializer();
        this.filter = filter;
        this.listener = listener;
        this.thread = new Thread(this, Topics.RESULTS_SINK_APP + "-" + instance);
    }

    public ResultsSink start() {
        thread.start();
        return this;
    }

    public RunningSummary.Snapshot summary() {
        synchronized (summary) {
            return summary.snapshot();
        }
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.CLASSIFICATIONS.name()));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    accept(r);
                }
                consumer.commitAsync();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close();
            deadLetters.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        Classification c;
        try {
            c = deserializer.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            log.warn("unreadable classification at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            deadLetters.send(DeadLetters.of(Topics.RESULTS_SINK_DLQ, r, e));
            return;
        }
        if (c != null && filter.test(c)) {
            synchronized (summary) {
                summary.add(c, System.currentTimeMillis());
            }
            listener.accept(c);
        }
    }

    @Override
    public void close() {
        if (thread.getState() == Thread.State.NEW) {
            running.set(false);
            consumer.close();
            deadLetters.close(Duration.ofSeconds(5));
            return;
        }
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
        }
        try {
            stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
