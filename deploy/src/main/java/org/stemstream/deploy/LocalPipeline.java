package org.stemstream.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.stemstream.consumers.BaselineModel;
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
    /** @param augmentation the augmentation stage's settings (default: label-preserving flips and quarter turns) */
    public record Options(int workerThreads, int noiseThreads, int classifierBatch, AugmentSettings augmentation) {
        public Options(int workerThreads, int noiseThreads, int classifierBatch) {
            this(workerThreads, noiseThreads, classifierBatch, AugmentSettings.labelPreserving());
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

    private LocalPipeline(KafkaConnection connection, String campaignId, Options options) throws java.io.IOException {
        this.connection = connection;
        connection.ensureTopics(Topics.all());
        this.stateDir = Files.createTempDirectory("stem-streams-");
        this.sink = register(new ResultsSink(connection, c -> campaignId.equals(c.getCampaignId())).start());
        this.classifier = register(new Classifier(new Classifier.Config(connection, options.classifierBatch()), new BaselineModel()).start());
        register(new FuseProcessor(new FuseProcessor.Config(connection, FuseSettings.defaults(), 1, stateDir.resolve("fuse").toString())).start());
        register(new AugmentProcessor(new AugmentProcessor.Config(connection, options.augmentation(), 1, stateDir.resolve("augment").toString())).start());
        register(new NoiseProcessor(new NoiseProcessor.Config(connection, Imaging.defaults(), options.noiseThreads(), stateDir.resolve("noise").toString())).start());
        this.worker = register(new SimulatorWorker(new SimulatorWorker.Config(connection, options.workerThreads(), 50)).start());
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
