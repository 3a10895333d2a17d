package org.stemstream.cli;

import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ProgressBar;
import org.stemstream.consumers.BaselineModel;
import org.stemstream.consumers.Classifier;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Scenarios;
import org.stemstream.streams.NoiseProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One command per pipeline role, each a thin shell around its service class. */
final class RoleCommands {
    private RoleCommands() {
    }

    /** Runs a service until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes it. */
    static int runUntilStopped(AutoCloseable service) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            stop.await();
        } finally {
            try {
                service.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(RoleCommands.class).warn("close failed", e);
            }
            closed.countDown();
        }
        return 0;
    }

    static KafkaConnection connect(ConnectionOptions options) {
        KafkaConnection c = options.connection();
        c.ensureTopics(Topics.all());
        return c;
    }

    @Command(name = "produce", mixinStandardHelpOptions = true, description = "Publish a random campaign of simulation requests.")
    static final class Produce implements Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Option(names = "--scenario", defaultValue = "seed-benchmark") String scenario;
        @Option(names = "--count", defaultValue = "100") int count;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @Option(names = "--campaign", description = "Campaign id (default: generated).") String campaignId;

        @Override
        public Integer call() {
            String id = campaignId != null ? campaignId : "campaign-" + Long.toString(System.currentTimeMillis(), 36);
            try (ProgressBar bar = new ProgressBar("requests", count)) {
                long sent = new RequestProducer(connect(connection), Clock.systemUTC())
                        .send(new Campaign(id, Scenarios.named(scenario), count, seed), bar::stepTo);
                bar.stepTo(sent);
            }
            System.out.println("sent " + count + " requests of campaign " + id + " to " + Topics.SIMULATION_REQUESTS.name());
            return 0;
        }
    }

    @Command(name = "simulator-worker", mixinStandardHelpOptions = true, description = "Render requests into noiseless images (a consumer-group member).")
    static final class SimulatorWorkerRole implements Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Option(names = "--threads", defaultValue = "${env:STEM_WORKER_THREADS:-2}", description = "Render threads (env STEM_WORKER_THREADS).") int threads;

        @Override
        public Integer call() throws Exception {
            return runUntilStopped(new SimulatorWorker(new SimulatorWorker.Config(connect(connection), threads, 50)).start());
        }
    }

    @Command(name = "noise", mixinStandardHelpOptions = true, description = "Kafka Streams app: probe blur, carbon film and shot noise.")
    static final class Noise implements Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Option(names = "--threads", defaultValue = "${env:STEM_NOISE_THREADS:-1}") int threads;
        @Option(names = "--state-dir", defaultValue = "${env:STEM_STATE_DIR}") String stateDir;

        @Override
        public Integer call() throws Exception {
            String dir = stateDir != null ? stateDir : Files.createTempDirectory("stem-noise-").toString();
            return runUntilStopped(new NoiseProcessor(new NoiseProcessor.Config(connect(connection), Imaging.defaults(), threads, dir)).start());
        }
    }

    @Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify noisy images (a consumer-group member).")
    static final class Classify implements Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Option(names = "--batch", defaultValue = "64") int batch;

        @Override
        public Integer call() throws Exception {
            System.out.println("classifier: " + BaselineModel.NAME);
            return runUntilStopped(new Classifier(new Classifier.Config(connect(connection), batch), new BaselineModel()).start());
        }
    }
}
