package org.stemstream.consumers.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.concurrent.DaemonThreads;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.StemImage;

/**
 * The monitor service: reads classifications, fused per-object results, ready images (for
 * thumbnails) and every dead-letter topic from their current end (it shows what happens from its
 * start on; it commits nothing and joins no group, so any number of monitors can watch), polls the
 * stage groups' progress every {@code pollInterval}, and keeps it all in a {@link MonitorState}.
 * Meters: {@code stem.monitor.accuracy{task,window}}, {@code stem.monitor.lag{group,topic}},
 * {@code stem.monitor.dead.letters{topic}}, {@code stem.monitor.images.per.second}.
 */
public final class Monitor implements AutoCloseable {
    public static final String STAGE = "monitor";
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);
    private static final int THUMBNAIL = 96;
    private static final int PENDING_IMAGES = 200;

    private final MonitorState state;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<Classification> classifications;
    private final Deserializer<ObjectClassification> objects;
    private final Deserializer<StemImage> images;
    private final Admin admin;
    private final StageProgress progress;
    private final ScheduledExecutorService scheduler;
    private final Thread thread;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean(false);
    private volatile java.util.function.Consumer<org.stemstream.schemas.avro.ObjectClassification> fusedListener = o -> { };
    private final Map<String, byte[]> thumbnails = new LinkedHashMap<>(PENDING_IMAGES, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > PENDING_IMAGES;
        }
    };
    private final Map<String, StemImage> pending = new LinkedHashMap<>(PENDING_IMAGES, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StemImage> eldest) {
            return size() > PENDING_IMAGES;
        }
    };

    public Monitor(KafkaConnection kafka, StemMetrics metrics, Duration pollInterval, Clock clock) {
        this.clock = clock;
        this.state = new MonitorState(clock.millis());
        var props = kafka.consumer("stem-monitor-unused", "stem-monitor");
        props.remove("group.id");
        props.put("enable.auto.commit", false);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        metrics.bind(consumer);
        var serde = kafka.serdeConfig();
        this.classifications = Topics.CLASSIFICATIONS.valueSerde(serde).deserializer();
        this.objects = Topics.OBJECT_CLASSIFICATIONS.valueSerde(serde).deserializer();
        this.images = Topics.IMAGES_READY.valueSerde(serde).deserializer();
        this.admin = Admin.create(kafka.common());
        this.progress = new StageProgress(admin, StageProgress.PIPELINE);
        registerMeters(metrics.registry());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("monitor-progress"));
        scheduler.scheduleWithFixedDelay(this::pollProgress, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(() -> state.tick(clock.millis()), 1, 1, TimeUnit.SECONDS);
        this.thread = new Thread(this::run, "monitor");
    }

    /** Tells {@code listener} of each fused verdict the monitor reads (on its thread), for example to print it. */
    public Monitor onFused(java.util.function.Consumer<org.stemstream.schemas.avro.ObjectClassification> listener) {
        this.fusedListener = listener;
        return this;
    }

    private void registerMeters(MeterRegistry registry) {
        for (String task : List.of("T1", "T2", "T3", "T4", "T2-multi")) {
            for (String window : List.of("lastMinute", "last1000", "sinceStart")) {
                Gauge.builder("stem.monitor.accuracy", state, s -> s.accuracy(task, window, clock.millis()))
                        .tag("stage", STAGE).tag("task", task).tag("window", window)
                        .description("classifier accuracy on images with ground truth").register(registry);
            }
        }
        for (StageProgress.Stage stage : StageProgress.PIPELINE) {
            Gauge.builder("stem.monitor.lag", state, s -> s.lag(stage.group())).tag("stage", STAGE).tag("group", stage.group())
                    .tag("topic", stage.input().name()).description("records of the input topic the group has not committed yet")
                    .register(registry);
        }
        for (Topic<?, ?> dlq : Topics.deadLetterTopics()) {
            Gauge.builder("stem.monitor.dead.letters", state, s -> s.deadLetters(dlq.name())).tag("stage", STAGE).tag("topic", dlq.name())
                    .description("dead letters seen on the topic since the monitor started").register(registry);
        }
        Gauge.builder("stem.monitor.images.per.second", state, s -> s.imagesPerSecond(clock.millis())).tag("stage", STAGE)
                .description("classifications per second over the last 10 s").register(registry);
    }

    public Monitor start() {
        started.set(true);
        thread.start();
        return this;
    }

    public MonitorState state() {
        return state;
    }

    /** The PNG thumbnail of a recently classified image, or null. */
    public synchronized byte[] thumbnail(String imageId) {
        return thumbnails.get(imageId);
    }

    private void run() {
        try {
            List<Topic<?, ?>> topics = new ArrayList<>(List.of(Topics.CLASSIFICATIONS, Topics.OBJECT_CLASSIFICATIONS, Topics.IMAGES_READY));
            topics.addAll(Topics.deadLetterTopics());
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?, ?> t : topics) {
                consumer.partitionsFor(t.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // pin "from now on" before anything is read
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    handle(r);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                log.error("monitor woken up while running", e);
            }
        } catch (RuntimeException e) {
            log.error("monitor stops: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        long now = clock.millis();
        try {
            if (r.topic().equals(Topics.CLASSIFICATIONS.name())) {
                Classification c = classifications.deserialize(r.topic(), r.value());
                StemImage image;
                synchronized (this) {
                    image = pending.remove(c.getImageId());
                }
                byte[] png = image == null ? null : thumbnailPng(image);
                if (png != null) {
                    synchronized (this) {
                        thumbnails.put(c.getImageId(), png);
                    }
                }
                state.add(c, now, png);
            } else if (r.topic().equals(Topics.OBJECT_CLASSIFICATIONS.name())) {
                var fused = objects.deserialize(r.topic(), r.value());
                state.addFused(fused, now);
                fusedListener.accept(fused);
            } else if (r.topic().equals(Topics.IMAGES_READY.name())) {
                StemImage image = images.deserialize(r.topic(), r.value());
                synchronized (this) {
                    pending.put(image.getImageId(), image);
                }
            } else {
                state.addDeadLetter(r.topic(), DeadLetters.reason(r.headers()).orElse(
                        r.value() == null ? "(no reason header)" : "(no reason header; " + r.value().length + " bytes)"), now);
            }
        } catch (RuntimeException e) {
            // the monitor only watches: an unreadable record is counted as its own kind of trouble
            state.addDeadLetter("monitor-unreadable", r.topic() + ": " + e.getMessage(), now);
        }
    }

    /** A small grey PNG of the image (square-root stretch between its 1st and 99.5th percentile). */
    static byte[] thumbnailPng(StemImage image) {
        try {
            float[] p = Pixels.decode(image);
            int w = image.getWidth();
            int h = image.getHeight();
            float[] sorted = p.clone();
            java.util.Arrays.sort(sorted);
            double lo = Math.sqrt(Math.max(0, sorted[(int) (0.01 * (sorted.length - 1))]));
            double hi = Math.sqrt(Math.max(0, sorted[(int) (0.995 * (sorted.length - 1))]));
            int side = Math.min(THUMBNAIL, Math.max(w, h));
            BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double v = Math.sqrt(Math.max(0, p[(y * h / side) * w + x * w / side]));
                    int g = (int) Math.round(255 * Math.max(0, Math.min(1, (v - lo) / Math.max(hi - lo, 1e-9))));
                    out.getRaster().setSample(x, y, 0, g);
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void pollProgress() {
        try {
            state.stages(progress.poll(clock.millis()));
        } catch (Exception e) {
            log.debug("stage progress poll failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            if (started.get()) {
                consumer.wakeup();
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                consumer.close(Duration.ZERO);
            }
            scheduler.shutdownNow();
            admin.close(Duration.ofSeconds(5));
        }
    }
}
