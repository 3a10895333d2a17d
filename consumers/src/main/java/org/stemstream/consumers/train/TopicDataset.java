package org.stemstream.consumers.train;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
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
 */
public final class TopicDataset {
    private static final Logger log = LoggerFactory.getLogger(TopicDataset.class);

    private TopicDataset() {
    }

    /** The first {@code count} usable images, or fewer if the topic ends (no new record for {@code idle}). */
    public static LabelledImages read(KafkaConnection kafka, Topic<String, StemImage> topic, int count, Duration idle,
                                      DatasetCache.Progress progress) {
        var props = kafka.consumer("stem-train-reader-" + UUID.randomUUID(), "stem-train-reader");
        props.put("max.poll.records", 500);
        Deserializer<StemImage> deserializer = topic.valueSerde(kafka.serdeConfig()).deserializer();
        List<StemImage> images = new ArrayList<>(count);
        long skipped = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastRecord = System.nanoTime();
            while (images.size() < count && System.nanoTime() - lastRecord < idle.toNanos()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    lastRecord = System.nanoTime();
                    if (images.size() >= count) {
                        break;
                    }
                    StemImage image;
                    try {
                        image = deserializer.deserialize(r.topic(), r.value());
                    } catch (RuntimeException e) {
                        skipped++;
                        continue;
                    }
                    if (image == null || image.getTruth() == null
                            || (!images.isEmpty() && (image.getWidth() != images.get(0).getWidth() || image.getHeight() != images.get(0).getHeight()))) {
                        skipped++;
                        continue;
                    }
                    images.add(image);
                    if (progress != null) {
                        progress.rendered(images.size(), count);
                    }
                }
            }
        }
        if (skipped > 0) {
            log.warn("{}: skipped {} record(s) without truth, unreadable or of another size", topic.name(), skipped);
        }
        if (images.isEmpty()) {
            throw new IllegalStateException("no labelled image on " + topic.name() + " (" + skipped + " skipped)");
        }
        return labelled(topic.name(), images);
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
