package org.stemstream.consumers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.stemstream.kafka.BatchProcessor;
import org.stemstream.kafka.TransactionalStage;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * Classifier consumer: poll -> batch -> infer -> produce, in one transaction per batch. The model
 * is loaded once per process. In: {@code images-ready} (group {@code classifier}). Out:
 * {@code classifications} with model name and version; bad images to {@code classifier-dlq}.
 */
public final class Classifier implements AutoCloseable {
    public static final String APPLICATION_ID = Topics.CLASSIFIER_APP;

    public record Config(KafkaConnection connection, int maxBatch) {
    }

    private final TransactionalStage<StemImage, Classification> stage;
    private final Thread thread;

    public Classifier(Config config, ImageModel model) {
        String instance = UUID.randomUUID().toString().substring(0, 8);
        this.stage = new TransactionalStage<>(config.connection(), APPLICATION_ID, instance, config.maxBatch(),
                Topics.IMAGES_READY, Topics.CLASSIFICATIONS, Topics.CLASSIFIER_DLQ, classify(model, Clock.systemUTC()));
        this.thread = new Thread(stage, APPLICATION_ID + "-" + instance);
    }

    /** The pure batch function: images in, one classification (or failure) per image out. */
    public static BatchProcessor<StemImage, Classification> classify(ImageModel model, Clock clock) {
        return images -> {
            long start = System.nanoTime();
            List<List<TaskPrediction>> predictions;
            try {
                // The model sees pixels and metadata, never the truth.
                predictions = model.predict(images.stream()
                        .map(i -> StemImage.newBuilder(i).setTruth(null).build()).toList());
            } catch (RuntimeException batchFailure) {
                // One bad image must not sink the batch: retry one by one to find it.
                return images.size() == 1 ? List.of(BatchProcessor.Outcome.failed(batchFailure))
                        : images.stream().flatMap(i -> classify(model, clock).process(List.of(i)).stream()).toList();
            }
            double latencyMs = (System.nanoTime() - start) / 1e6 / images.size();
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
                        .setPredictions(predictions.get(i))
                        .setTruth(image.getTruth())
                        .setLatencyMs(latencyMs)
                        .setTimestamps(timestamps)
                        .setViewIndex(image.getViewIndex())
                        .setViewsExpected(image.getViewsExpected())
                        .build()));
            }
            return out;
        };
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
