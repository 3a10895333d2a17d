package org.stemstream.consumers.train;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.StemImage;

/**
 * Labelled images read off an image topic (images-noisy or images-ready: the pipeline's own
 * output, with its noise and augmentation), for training on what the pipeline really produces.
 * Reads committed records from the beginning with a throw-away group (nothing is committed) and
 * keeps images that carry ground truth and have the first image's size; records that cannot be
 * read, acquired images and other sizes are skipped and counted.
 *
 * <p>The same topic gives the same images in the same order, however the broker's fetches
 * interleave the partitions: the images are taken round-robin over the partitions in partition
 * order (each partition's first usable image, then each one's second, ...), up to the end offsets
 * the read began with. So a run trained off a topic can be run again, and resumed from its
 * checkpoint ({@link TrainingState} checks a fingerprint of the images). Partitions that run ahead
 * are paused, so that at most about {@value #AHEAD} images per partition wait in memory.
 */
public final class TopicDataset {
    private static final Logger log = LoggerFactory.getLogger(TopicDataset.class);
    /** Images read ahead of the round-robin per partition before it is paused. */
    static final int AHEAD = 1000;

    private TopicDataset() {
    }

    /** The first {@code count} usable images, or fewer if the topic ends (its end offsets, or no new record for {@code idle}). */
    public static LabelledImages read(KafkaConnection kafka, Topic<String, StemImage> topic, int count, Duration idle,
                                      DatasetCache.Progress progress) {
        var props = kafka.consumer("stem-train-reader-" + UUID.randomUUID(), "stem-train-reader");
        props.put("max.poll.records", 500);
        Deserializer<StemImage> deserializer = topic.valueSerde(kafka.serdeConfig()).deserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return labelled(topic.name(), read(consumer, topic.name(), deserializer, count, idle, progress));
        }
    }

    /** {@link #read} on a given consumer: the images, in the round-robin order. */
    static List<StemImage> read(Consumer<byte[], byte[]> consumer, String topic, Deserializer<StemImage> deserializer, int count,
                                Duration idle, DatasetCache.Progress progress) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, ArrayDeque<StemImage>> waiting = new HashMap<>();
        partitions.forEach(tp -> waiting.put(tp, new ArrayDeque<>()));
        List<StemImage> images = new ArrayList<>(count);
        long skipped = 0;
        int cursor = 0;
        int exhaustedInARow = 0;
        long lastRecord = System.nanoTime();
        while (images.size() < count && exhaustedInARow < partitions.size()) {
            TopicPartition tp = partitions.get(cursor);
            ArrayDeque<StemImage> queue = waiting.get(tp);
            if (queue.isEmpty() && !finished(consumer, tp, end)) {
                if (System.nanoTime() - lastRecord > idle.toNanos()) {
                    log.warn("{}: no record for {} before its end offset {}: reading stops", tp, idle, end.get(tp));
                    break;
                }
                Set<TopicPartition> ahead = partitions.stream().filter(p -> waiting.get(p).size() >= AHEAD).collect(Collectors.toSet());
                if (!ahead.equals(consumer.paused())) { // pause and resume on a change only
                    consumer.resume(consumer.paused());
                    consumer.pause(ahead);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    lastRecord = System.nanoTime();
                    TopicPartition from = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(from)) {
                        continue; // written after the read began
                    }
                    StemImage image;
                    try {
                        image = deserializer.deserialize(r.topic(), r.value());
                    } catch (RuntimeException e) {
                        skipped++;
                        continue;
                    }
                    if (image == null || image.getTruth() == null) {
                        skipped++;
                        continue;
                    }
                    waiting.get(from).add(image);
                }
                continue; // look at the same partition again
            }
            cursor = (cursor + 1) % partitions.size();
            if (queue.isEmpty()) {
                exhaustedInARow++;
                continue;
            }
            exhaustedInARow = 0;
            StemImage image = queue.poll();
            if (!images.isEmpty() && (image.getWidth() != images.get(0).getWidth() || image.getHeight() != images.get(0).getHeight())) {
                skipped++;
                continue;
            }
            images.add(image);
            if (progress != null) {
                progress.rendered(images.size(), count);
            }
        }
        if (skipped > 0) {
            log.warn("{}: skipped {} record(s) without truth, unreadable or of another size", topic, skipped);
        }
        if (images.isEmpty()) {
            throw new IllegalStateException("no labelled image on " + topic + " (" + skipped + " skipped)");
        }
        return images;
    }

    /** Whether the read has passed {@code tp}'s end offset as the read began. */
    private static boolean finished(Consumer<byte[], byte[]> consumer, TopicPartition tp, Map<TopicPartition, Long> end) {
        return consumer.position(tp) >= end.get(tp);
    }

    /** Images with truth as a {@link LabelledImages} (pixels rounded to counts). */
    public static LabelledImages labelled(String name, List<StemImage> images) {
        int width = images.get(0).getWidth();
        int height = images.get(0).getHeight();
        int area = width * height;
        int n = images.size();
        int[] k = new int[n];
        int[] arrangement = new int[n];
        String[] shape = new String[n];
        short[] pixels = new short[Math.multiplyExact(n, area)];
        for (int i = 0; i < n; i++) {
            StemImage image = images.get(i);
            GroundTruth truth = image.getTruth();
            float[] p = Pixels.decode(image);
            for (int j = 0; j < area; j++) {
                pixels[i * area + j] = (short) Math.max(0, Math.min(65535, Math.round(p[j])));
            }
            k[i] = truth.getDeformedCount();
            arrangement[i] = truth.getArrangement() == null ? -1 : truth.getArrangement().ordinal();
            shape[i] = truth.getShape().name().toLowerCase(Locale.ROOT);
        }
        return new LabelledImages(name, 0, width, height, k, arrangement, shape, LabelledImages.unknownCorners(n),
                LabelledImages.allTasks(n), pixels);
    }
}
