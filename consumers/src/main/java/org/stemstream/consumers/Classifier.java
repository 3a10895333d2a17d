package org.stemstream.consumers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.stemstream.kafka.BatchProcessor;
import org.stemstream.kafka.TransactionalStage;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * Classifier consumer: poll -> batch -> infer -> produce, in one transaction per batch. The model
 * is loaded once per process (a {@link ImageModel#current() replaceable} model may change between
 * batches, never within one). In: {@code images-ready} (group {@code classifier}). Out:
 * {@code classifications} with model name and version; bad images to {@code classifier-dlq}.
 * Meters (stage {@code classifier}): {@code stem.inference.latency} (per batch),
 * {@code stem.inference.batch.size}, {@code stem.classifications{model,version}} (its rate is the
 * images/s), besides the stage meters.
 */
public final class Classifier implements AutoCloseable {
    public static final String APPLICATION_ID = Topics.CLASSIFIER_APP;

    public record Config(KafkaConnection connection, int maxBatch, StemMetrics metrics) {
        /** With metrics kept in memory only. */
        public Config(KafkaConnection connection, int maxBatch) {
            this(connection, maxBatch, StemMetrics.inMemory());
        }
    }

    private final TransactionalStage<StemImage, Classification> stage;
    private final Thread thread;

    public Classifier(Config config, ImageModel model) {
        String instance = UUID.randomUUID().toString().substring(0, 8);
        this.stage = new TransactionalStage<>(config.connection(), APPLICATION_ID, instance, config.maxBatch(),
                Topics.IMAGES_READY, Topics.CLASSIFICATIONS, Topics.CLASSIFIER_DLQ,
                classify(model, Clock.systemUTC(), config.metrics().registry()), config.metrics());
        this.thread = new Thread(stage, APPLICATION_ID + "-" + instance);
    }

    /** The pure batch function: images in, one classification (or failure) per image out. */
    public static BatchProcessor<StemImage, Classification> classify(ImageModel model, Clock clock) {
        return classify(model, clock, new SimpleMeterRegistry());
    }

    /** Like {@link #classify(ImageModel, Clock)}, recording the inference meters in {@code registry}. */
    public static BatchProcessor<StemImage, Classification> classify(ImageModel model, Clock clock, MeterRegistry registry) {
        Timer inference = Timer.builder("stem.inference.latency").tag("stage", APPLICATION_ID)
                .description("model inference time per batch").publishPercentileHistogram().register(registry);
        DistributionSummary batchSize = DistributionSummary.builder("stem.inference.batch.size").tag("stage", APPLICATION_ID)
                .description("images per inference batch").publishPercentileHistogram().register(registry);
        return images -> classifyBatch(model.current(), images, clock, registry, inference, batchSize);
    }

    private static List<BatchProcessor.Outcome<Classification>> classifyBatch(ImageModel model, List<StemImage> images, Clock clock,
                                                                             MeterRegistry registry, Timer inference,
                                                                             DistributionSummary batchSize) {
        long start = System.nanoTime();
        List<ImageModel.Answer> predictions;
        try {
            // The model sees pixels and metadata, never the truth.
            predictions = model.answer(images.stream()
                    .map(i -> StemImage.newBuilder(i).setTruth(null).build()).toList());
        } catch (RuntimeException batchFailure) {
            // One bad image must not sink the batch: retry one by one (same model) to find it.
            return images.size() == 1 ? List.of(BatchProcessor.Outcome.failed(batchFailure))
                    : images.stream().flatMap(i -> classifyBatch(model, List.of(i), clock, registry, inference, batchSize).stream()).toList();
        }
        long nanos = System.nanoTime() - start;
        inference.record(java.time.Duration.ofNanos(nanos));
        batchSize.record(images.size());
        Counter.builder("stem.classifications").tag("stage", APPLICATION_ID).tag("model", model.name())
                .tag("version", model.version()).description("images classified").register(registry).increment(images.size());
        double latencyMs = nanos / 1e6 / images.size();
        List<BatchProcessor.Outcome<Classification>> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            StemImage image = images.get(i);
            List<StageTimestamp> timestamps = new ArrayList<>(image.getTimestamps());
            timestamps.add(new StageTimestamp(APPLICATION_ID, clock.instant()));
            out.add(BatchProcessor.Outcome.ok(Classification.newBuilder()
                    .setImageId(image.getImageId())
                    .setRequestId(image.getRequestId())
                    .setObjectId(image.getObjectId())
                    .setCampaignId(image.getCampaignId())
                    .setSource(image.getSource())
                    .setModelName(model.name())
                    .setModelVersion(model.version())
                    .setPredictions(predictions.get(i).predictions())
                    .setParticles(predictions.get(i).particles())
                    .setTruth(image.getTruth())
                    .setLatencyMs(latencyMs)
                    .setTimestamps(timestamps)
                    .setViewIndex(image.getViewIndex())
                    .setViewsExpected(image.getViewsExpected())
                    .setDose(image.getImaging() == null ? null : image.getImaging().getDose())
                    .setSymmetries(model.symmetries())
                    .build()));
        }
        return out;
    }

    public Classifier start() {
        thread.start();
        return this;
    }

    public long classified() {
        return stage.processed();
    }

    /** Why the stage stopped on its own (fenced, unauthorised, ...); null while healthy. */
    public RuntimeException failure() {
        return stage.failure();
    }

    @Override
    public void close() {
        stage.close();
    }
}
