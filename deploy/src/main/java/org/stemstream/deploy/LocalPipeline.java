package org.stemstream.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.stemstream.consumers.ImageModel;
import org.stemstream.consumers.cnn.ReloadingModel;
import org.stemstream.consumers.fit.FitModel;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.consumers.Classifier;
import org.stemstream.consumers.ResultsSink;
import org.stemstream.consumers.RunningSummary;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Imaging;
import org.stemstream.streams.AugmentProcessor;
import org.stemstream.streams.AugmentSettings;
import org.stemstream.streams.FuseProcessor;
import org.stemstream.streams.FuseSettings;
import org.stemstream.streams.NoiseProcessor;

/**
 * Every stage of the pipeline in this JVM, composed from the same service classes that run alone
 * in production: simulator worker, noise, augmentation, classifier, multi-view fusion and a
 * results sink that counts one campaign. Used by {@code ./stem demo} and by the end-to-end tests.
 */
public final class LocalPipeline implements AutoCloseable {
    /**
     * @param streamThreads Kafka Streams threads of the noise and the augmentation stage each
     * @param augmentation the augmentation stage's settings (default: label-preserving flips and quarter turns)
     * @param models       the classifier's models folder (default: {@link #defaultModels()})
     * @param metrics      where every stage records its meters (default: in memory)
     * @param allSymmetries the classifier scores each image in its symmetries (test-time augmentation; default off)
     * @param fit          the physics fit the classifier serves instead of the network in {@code models}; null: the network
     */
    public record Options(int workerThreads, int streamThreads, int classifierBatch, AugmentSettings augmentation,
                          Path models, StemMetrics metrics, boolean allSymmetries, FitModel fit) {
        public Options(int workerThreads, int streamThreads, int classifierBatch) {
            this(workerThreads, streamThreads, classifierBatch, AugmentSettings.labelPreserving(), defaultModels(), StemMetrics.inMemory(), false, null);
        }

        public Options withMetrics(StemMetrics newMetrics) {
            return new Options(workerThreads, streamThreads, classifierBatch, augmentation, models, newMetrics, allSymmetries, fit);
        }

        public Options withModels(Path newModels) {
            return new Options(workerThreads, streamThreads, classifierBatch, augmentation, newModels, metrics, allSymmetries, fit);
        }

        public Options withAllSymmetries(boolean all) {
            return new Options(workerThreads, streamThreads, classifierBatch, augmentation, models, metrics, all, fit);
        }

        public Options withFit(FitModel physicsFit) {
            return new Options(workerThreads, streamThreads, classifierBatch, augmentation, models, metrics, allSymmetries, physicsFit);
        }

        public static Options defaults() {
            return new Options(Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64);
        }
    }

    private final KafkaConnection connection;
    private final List<AutoCloseable> services = new ArrayList<>();
    private final SimulatorWorker worker;
    private final Classifier classifier;
    private final ResultsSink sink;
    private final Path stateDir;
    private final ImageModel model;

    /** The shipped models folder: {@code models/} under {@code stem.home} (the launcher sets it to the project root). */
    public static Path defaultModels() {
        return Path.of(System.getProperty("stem.home", ".")).resolve("models");
    }

    private LocalPipeline(KafkaConnection connection, String campaignId, Options options) throws java.io.IOException {
        this.connection = connection;
        connection.ensureTopics(Topics.all());
        StemMetrics metrics = options.metrics();
        // the model first: without one there is nothing to start
        this.model = options.fit() != null ? options.fit()
                : register(new ReloadingModel(options.models(), java.time.Duration.ofSeconds(2), metrics.registry(), options.allSymmetries()));
        this.stateDir = Files.createTempDirectory("stem-streams-");
        this.sink = register(new ResultsSink(connection, c -> campaignId.equals(c.getCampaignId())).start());
        this.classifier = register(new Classifier(new Classifier.Config(connection, options.classifierBatch(), metrics), model).start());
        register(new FuseProcessor(new FuseProcessor.Config(connection, FuseSettings.defaults(), 1, stateDir.resolve("fuse").toString(), metrics)).start());
        register(new AugmentProcessor(new AugmentProcessor.Config(connection, options.augmentation(), options.streamThreads(), stateDir.resolve("augment").toString(), metrics)).start());
        register(new NoiseProcessor(new NoiseProcessor.Config(connection, Imaging.defaults(), options.streamThreads(), stateDir.resolve("noise").toString(), metrics)).start());
        this.worker = register(new SimulatorWorker(new SimulatorWorker.Config(connection, options.workerThreads(), SimulatorWorker.DEFAULT_MAX_BATCH, metrics)).start());
    }

    /** Creates the topics and starts every stage; the sink counts only {@code campaignId}. */
    public static LocalPipeline start(KafkaConnection connection, String campaignId, Options options) {
        try {
            return new LocalPipeline(connection, campaignId, options);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private <T extends AutoCloseable> T register(T service) {
        services.add(service);
        return service;
    }

    /** Publishes the campaign's requests; returns how many were acknowledged. */
    public long send(Campaign campaign, LongConsumer progress) {
        return new RequestProducer(connection, Clock.systemUTC()).send(campaign, progress);
    }

    public RunningSummary.Snapshot summary() {
        return sink.summary();
    }

    public long imagesRendered() {
        return worker.rendered();
    }

    public long classified() {
        return classifier.classified();
    }

    /** The classifier's model (for a network, its current version). */
    public ImageModel model() {
        return model.current();
    }

    /** Stops the stages upstream first, so that no stage is fed after it has stopped. */
    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(LocalPipeline.class).warn("closing {}", services.get(i), e);
            }
        }
        services.clear();
        deleteQuietly(stateDir);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
