package org.stemstream.cli;

import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ProgressBar;
import org.stemstream.consumers.Classifier;
import org.stemstream.consumers.cnn.ReloadingModel;
import org.stemstream.consumers.fit.FitModel;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.FileCampaign;
import org.stemstream.producers.GridCampaign;
import org.stemstream.producers.RequestSource;
import org.stemstream.producers.ViewPlan;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Scenarios;
import org.stemstream.streams.AugmentProcessor;
import org.stemstream.streams.AugmentSettings;
import org.stemstream.streams.FuseProcessor;
import org.stemstream.streams.FuseSettings;
import org.stemstream.streams.NoiseProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One command per pipeline role, each a thin shell around its service class. */
final class RoleCommands {
    static final String STATE_DIR = "Kafka Streams state folder (env STEM_STATE_DIR; default: a new temporary folder on each start).";

    private RoleCommands() {
    }

    /**
     * Runs a service until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes it. If the
     * service fails on its own ({@code failure} answers non-null), it is closed and the command
     * exits with 1, so that a supervisor (Kubernetes, systemd) restarts it.
     */
    static int runUntilStopped(AutoCloseable service, java.util.function.Supplier<Object> failure) throws InterruptedException {
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
        Object failed = null;
        try {
            while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS) && (failed = failure.get()) == null) {
                // checking the service's health once a second
            }
        } finally {
            try {
                service.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(RoleCommands.class).warn("close failed", e);
            }
            closed.countDown();
        }
        if (failed != null) {
            System.err.println("stopped: " + failed);
            return 1;
        }
        return 0;
    }

    /** Closes {@code first}, then the rest, in order (a service before the metrics it records into). */
    static AutoCloseable inOrder(AutoCloseable... closeables) {
        return () -> {
            for (AutoCloseable c : closeables) {
                c.close();
            }
        };
    }

    /** A Streams app has failed once it reaches ERROR (or stops without being asked). */
    static Object streamsFailure(org.apache.kafka.streams.KafkaStreams.State state) {
        return state == org.apache.kafka.streams.KafkaStreams.State.ERROR || state == org.apache.kafka.streams.KafkaStreams.State.PENDING_ERROR
                ? "Kafka Streams state " + state : null;
    }

    /** The start-up line of a Kafka Streams role: what flows where, its threads and its state folder. */
    static String streamsStarted(String role, String flow, int threads, String stateDir) {
        return role + ": " + flow + ", " + threads + " Kafka Streams thread" + (threads == 1 ? "" : "s") + ", state in " + stateDir;
    }

    static KafkaConnection connect(ConnectionOptions options) {
        KafkaConnection c = options.connection();
        c.ensureTopics(Topics.all());
        return c;
    }

    @Command(name = "produce", mixinStandardHelpOptions = true,
            description = "Publish a campaign of simulation requests: random from a scenario, a grid sweep, or a CSV/JSON-lines file.")
    static final class Produce implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConnectionOptions connection;
        @Option(names = "--scenario", defaultValue = "seed-benchmark", description = "Scenario (default ${DEFAULT-VALUE}); a file's defaults.") String scenario;
        @Option(names = "--count", defaultValue = "100", description = "Particles of a random campaign (default ${DEFAULT-VALUE}; not with --from or --grid-counts).") int count;
        @Option(names = "--seed", defaultValue = "1", description = "Seed of the random draws (default ${DEFAULT-VALUE}): the same seed draws the same particles.") long seed;
        @Option(names = "--campaign", description = "Campaign id (default: generated).") String campaignId;
        @Option(names = "--views", defaultValue = "1", description = "Views per particle (default ${DEFAULT-VALUE}).") int views;
        @Option(names = "--tilt-step", paramLabel = "DEG", description = "Make the views a tilt series with this step, in degrees (default: independent random orientations).") Double tiltStepDeg;
        @Option(names = "--tilt-axis", defaultValue = "y", description = "Tilt axis of --tilt-step: x or y (default ${DEFAULT-VALUE}).") String tiltAxis;
        @Option(names = "--grid-counts", split = ",", paramLabel = "K", description = "Grid sweep over these deformation counts, e.g. 0,2,4,6,8.") java.util.List<Integer> gridCounts;
        @Option(names = "--grid-orientations", defaultValue = "10", description = "Particles per grid count of --grid-counts (default ${DEFAULT-VALUE}).") int gridOrientations;
        @Option(names = "--from", paramLabel = "FILE", description = "Requests from a .csv or .jsonl file.") java.nio.file.Path file;
        @Option(names = "--rate", defaultValue = "0", description = "At most this many requests per second; 0 = unlimited (default).") double rate;
        @Option(names = "--json", paramLabel = "FILE", description = "Write the figures (requests, seconds, requests/s) as JSON.") java.io.File json;

        @Override
        public Integer call() throws Exception {
            check();
            String id = campaignId != null ? campaignId : "campaign-" + Long.toString(System.currentTimeMillis(), 36);
            org.stemstream.simulator.Scenario s = Scenarios.named(scenario);
            ViewPlan plan = tiltStepDeg == null ? new ViewPlan.Independent(views)
                    : new ViewPlan.TiltSeries(views, axis(tiltAxis), Math.toRadians(tiltStepDeg));
            RequestSource source = file != null ? new FileCampaign(id, file, s, seed)
                    : gridCounts != null ? new GridCampaign(id, s, gridCounts, gridOrientations, seed, plan)
                    : new Campaign(id, s, count, seed, plan);
            long start = System.nanoTime();
            long sent;
            try (ProgressBar bar = new ProgressBar("requests", source.size())) {
                sent = new RequestProducer(connect(connection), Clock.systemUTC()).send(source, rate, bar::stepTo);
                bar.stepTo(sent);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("sent %d requests of campaign %s to %s in %.1f s%n", sent, id, Topics.SIMULATION_REQUESTS.name(), seconds);
            JsonOutput.write(json, java.util.Map.of("campaign", id, "requests", sent, "seconds", seconds, "requestsPerSecond", sent / seconds));
            return 0;
        }

        /** Refuses values out of range, and options that the kind of campaign asked for would ignore. */
        void check() {
            if (file != null && (views != 1 || tiltStepDeg != null || gridCounts != null)) {
                throw OptionChecks.invalid(spec, "--from takes each row's views from the file (its views column); "
                        + "--views, --tilt-step and --grid-counts do not apply to it");
            }
            if (file != null && OptionChecks.given(spec, "--count")) {
                throw OptionChecks.invalid(spec, "--from sends one request per row of the file; --count does not apply to it");
            }
            if (gridCounts != null && OptionChecks.given(spec, "--count")) {
                throw OptionChecks.invalid(spec, "--grid-counts sends --grid-orientations particles per count; --count does not apply to it");
            }
            if (gridCounts == null && OptionChecks.given(spec, "--grid-orientations")) {
                throw OptionChecks.invalid(spec, "--grid-orientations sizes a grid sweep: it needs --grid-counts");
            }
            if (tiltStepDeg == null && OptionChecks.given(spec, "--tilt-axis")) {
                throw OptionChecks.invalid(spec, "--tilt-axis is the axis of a tilt series: it needs --tilt-step");
            }
            if (tiltStepDeg != null && views < 2) {
                throw OptionChecks.invalid(spec, "--tilt-step makes a particle's views a tilt series: it needs --views 2 or more, got " + views);
            }
            OptionChecks.atLeast(spec, "--count", count, 1);
            OptionChecks.atLeast(spec, "--views", views, 1);
            OptionChecks.atLeast(spec, "--grid-orientations", gridOrientations, 1);
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw OptionChecks.invalid(spec, "--rate must be >= 0 (0 = unlimited), got " + rate);
            }
            if (tiltStepDeg != null && !Double.isFinite(tiltStepDeg)) {
                throw OptionChecks.invalid(spec, "--tilt-step must be a number of degrees, got " + tiltStepDeg);
            }
            try {
                axis(tiltAxis);
            } catch (IllegalArgumentException e) {
                throw OptionChecks.invalid(spec, e.getMessage());
            }
            JsonOutput.check(spec, json);
        }

        private static org.stemstream.simulator.Vec3 axis(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "x" -> new org.stemstream.simulator.Vec3(1, 0, 0);
                case "y" -> new org.stemstream.simulator.Vec3(0, 1, 0);
                default -> throw new IllegalArgumentException("--tilt-axis must be x or y (in the image plane), got " + name);
            };
        }
    }

    @Command(name = "simulator-worker", mixinStandardHelpOptions = true, description = "Render requests into noiseless images (a consumer-group member).")
    static final class SimulatorWorkerRole implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConnectionOptions connection;
        @Mixin MetricsOptions metricsOptions;
        @Mixin AutoscaleOptions autoscale;
        @Option(names = "--threads", defaultValue = "${env:STEM_WORKER_THREADS:-2}", description = "Render threads per member (env STEM_WORKER_THREADS, default ${DEFAULT-VALUE}).") int threads;
        @Option(names = "--max-batch", defaultValue = "${env:STEM_WORKER_MAX_BATCH:-" + SimulatorWorker.DEFAULT_MAX_BATCH + "}",
                description = "Requests per transaction at most (env STEM_WORKER_MAX_BATCH, default ${DEFAULT-VALUE}): more for throughput on a backlog, fewer for latency.") int maxBatch;

        @Override
        public Integer call() throws Exception {
            OptionChecks.between(spec, "--threads", threads, 1, 256);
            OptionChecks.between(spec, "--max-batch", maxBatch, 1, 10_000);
            metricsOptions.check(spec);
            autoscale.check(spec, Topics.SIMULATION_REQUESTS);
            StemMetrics metrics = metricsOptions.start(Topics.SIMULATOR_WORKER_APP);
            KafkaConnection kafka = connect(connection);
            System.out.println("simulator-worker: " + Topics.SIMULATION_REQUESTS.name() + " -> " + Topics.IMAGES_RAW.name() + ", " + threads
                    + " render thread" + (threads == 1 ? "" : "s") + ", up to " + maxBatch + " requests per transaction" + autoscale.describe());
            if (autoscale.enabled) {
                var pool = autoscale.start(kafka, Topics.SIMULATOR_WORKER_APP, Topics.SIMULATION_REQUESTS,
                        () -> new SimulatorWorker(new SimulatorWorker.Config(kafka, threads, maxBatch, metrics)).start());
                return runUntilStopped(inOrder(pool, metrics), () -> pool.failure(SimulatorWorker::failure));
            }
            SimulatorWorker worker = new SimulatorWorker(new SimulatorWorker.Config(kafka, threads, maxBatch, metrics)).start();
            return runUntilStopped(inOrder(worker, metrics), worker::failure);
        }
    }

    @Command(name = "noise", mixinStandardHelpOptions = true, description = "Kafka Streams app: probe blur, carbon film and shot noise.")
    static final class Noise implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConnectionOptions connection;
        @Mixin MetricsOptions metricsOptions;
        @Option(names = "--threads", defaultValue = "${env:STEM_NOISE_THREADS:-1}",
                description = "Kafka Streams threads (env STEM_NOISE_THREADS, default ${DEFAULT-VALUE}).") int threads;
        @Option(names = "--state-dir", defaultValue = "${env:STEM_STATE_DIR}", paramLabel = "DIR", description = STATE_DIR) String stateDir;

        @Override
        public Integer call() throws Exception {
            OptionChecks.atLeast(spec, "--threads", threads, 1);
            metricsOptions.check(spec);
            String dir = stateDir != null ? stateDir : Files.createTempDirectory("stem-noise-").toString();
            StemMetrics metrics = metricsOptions.start(Topics.NOISE_APP);
            NoiseProcessor noise = new NoiseProcessor(new NoiseProcessor.Config(connect(connection), Imaging.defaults(), threads, dir, metrics)).start();
            System.out.println(streamsStarted("noise", Topics.IMAGES_RAW.name() + " -> " + Topics.IMAGES_NOISY.name(), threads, dir));
            return runUntilStopped(inOrder(noise, metrics), () -> streamsFailure(noise.state()));
        }
    }

    @Command(name = "augment", mixinStandardHelpOptions = true, description = "Kafka Streams app: flips, rotations, shifts, gain/contrast jitter.")
    static final class Augment implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConnectionOptions connection;
        @Mixin MetricsOptions metricsOptions;
        @Option(names = "--threads", defaultValue = "${env:STEM_AUGMENT_THREADS:-1}",
                description = "Kafka Streams threads (env STEM_AUGMENT_THREADS, default ${DEFAULT-VALUE}).") int threads;
        @Option(names = "--state-dir", defaultValue = "${env:STEM_STATE_DIR}", paramLabel = "DIR", description = STATE_DIR) String stateDir;
        @Option(names = "--preset", defaultValue = "${env:STEM_AUGMENT_PRESET:-label-preserving}",
                description = "none, label-preserving (flips and quarter turns) or training (all on) (env STEM_AUGMENT_PRESET, "
                        + "default ${DEFAULT-VALUE}).") String preset;

        @Override
        public Integer call() throws Exception {
            OptionChecks.atLeast(spec, "--threads", threads, 1);
            metricsOptions.check(spec);
            AugmentSettings settings = switch (preset) {
                case "none" -> AugmentSettings.none();
                case "label-preserving" -> AugmentSettings.labelPreserving();
                case "training" -> AugmentSettings.training();
                default -> throw OptionChecks.invalid(spec, "--preset must be none, label-preserving or training, got " + preset);
            };
            String dir = stateDir != null ? stateDir : Files.createTempDirectory("stem-augment-").toString();
            StemMetrics metrics = metricsOptions.start(Topics.AUGMENT_APP);
            AugmentProcessor augment = new AugmentProcessor(new AugmentProcessor.Config(connect(connection), settings, threads, dir, metrics)).start();
            System.out.println(streamsStarted("augment", Topics.IMAGES_NOISY.name() + " -> " + Topics.IMAGES_READY.name() + ", preset " + preset,
                    threads, dir));
            return runUntilStopped(inOrder(augment, metrics), () -> streamsFailure(augment.state()));
        }
    }

    @Command(name = "fuse", mixinStandardHelpOptions = true, description = "Kafka Streams app: fuse the classifications of each object's views.")
    static final class Fuse implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConnectionOptions connection;
        @Mixin MetricsOptions metricsOptions;
        @Option(names = "--threads", defaultValue = "${env:STEM_FUSE_THREADS:-1}",
                description = "Kafka Streams threads (env STEM_FUSE_THREADS, default ${DEFAULT-VALUE}).") int threads;
        @Option(names = "--state-dir", defaultValue = "${env:STEM_STATE_DIR}", paramLabel = "DIR", description = STATE_DIR) String stateDir;
        @Option(names = "--idle-timeout", defaultValue = "60s", description = "Emit an incomplete object after this long without a view: "
                + "30s, 2m or ISO-8601 (PT30S) (default ${DEFAULT-VALUE}).")
        java.time.Duration idle;

        @Override
        public Integer call() throws Exception {
            OptionChecks.atLeast(spec, "--threads", threads, 1);
            if (idle.isZero()) {
                throw OptionChecks.invalid(spec, "--idle-timeout must be > 0");
            }
            metricsOptions.check(spec);
            String dir = stateDir != null ? stateDir : Files.createTempDirectory("stem-fuse-").toString();
            StemMetrics metrics = metricsOptions.start(Topics.FUSE_APP);
            FuseProcessor fuse = new FuseProcessor(new FuseProcessor.Config(connect(connection), FuseSettings.defaults().withIdleTimeout(idle), threads, dir, metrics)).start();
            System.out.println(streamsStarted("fuse", Topics.CLASSIFICATIONS.name() + " -> " + Topics.OBJECT_CLASSIFICATIONS.name()
                    + ", an incomplete object after " + DurationConverter.format(idle) + " without a view", threads, dir));
            return runUntilStopped(inOrder(fuse, metrics), () -> streamsFailure(fuse.state()));
        }
    }

    @Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify noisy images (a consumer-group member).")
    static final class Classify implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConnectionOptions connection;
        @Mixin MetricsOptions metricsOptions;
        @Mixin ModelOptions modelOptions;
        @Mixin AutoscaleOptions autoscale;
        @Option(names = "--batch", description = "Most images per inference batch and transaction (default 64 with the CNN, 8 with the fit).") Integer batch;
        @Option(names = "--method", defaultValue = "${env:STEM_CLASSIFY_METHOD:-cnn}", description = ClassifyMethod.DESCRIPTION
                + " (env STEM_CLASSIFY_METHOD; default ${DEFAULT-VALUE})") ClassifyMethod method;
        @Option(names = "--fit-turn", defaultValue = "${env:STEM_FIT_TURN:-false}", description = ClassifyMethod.TURN_DESCRIPTION
            + " (env STEM_FIT_TURN)") boolean fitTurn;
        @Option(names = "--tta", defaultValue = "${env:STEM_TTA:-false}", description = ModelOptions.TTA + " (env STEM_TTA)") boolean tta;

        @Override
        public Integer call() throws Exception {
            int batch = this.batch != null ? this.batch : method == ClassifyMethod.fit ? 8 : 64;
            OptionChecks.atLeast(spec, "--batch", batch, 1);
            metricsOptions.check(spec);
            autoscale.check(spec, Topics.IMAGES_READY);
            ClassifyMethod.check(spec, method, fitTurn, "--models", "--model-scan-interval", "--tta");
            if (method == ClassifyMethod.fit) {
                return classifyByFit(batch);
            }
            modelOptions.check(spec);
            StemMetrics metrics = metricsOptions.start(Topics.CLASSIFIER_APP);
            ReloadingModel model = new ReloadingModel(modelOptions.folder(), modelOptions.scanInterval, metrics.registry(), tta);
            System.out.println("classifier: model " + model.name() + " " + model.version() + " from " + modelOptions.folder()
                    + " (a higher version dropped there is picked up while running)" + (tta ? "; " + model.testTimeAugmentation() : "")
                    + autoscale.describe());
            KafkaConnection kafka = connect(connection);
            if (autoscale.enabled) {
                // the members share the model (inference calls are serialised per model) and its reloads
                var pool = autoscale.start(kafka, Topics.CLASSIFIER_APP, Topics.IMAGES_READY,
                        () -> new Classifier(new Classifier.Config(kafka, batch, metrics), model).start());
                return runUntilStopped(inOrder(pool, model, metrics), () -> pool.failure(Classifier::failure));
            }
            Classifier classifier = new Classifier(new Classifier.Config(kafka, batch, metrics), model).start();
            return runUntilStopped(inOrder(classifier, model, metrics), classifier::failure);
        }

        /** The same consumer with the physics fit in place of the network: nothing to load or reload. */
        private int classifyByFit(int batch) throws Exception {
            StemMetrics metrics = metricsOptions.start(Topics.CLASSIFIER_APP);
            FitModel model = ClassifyMethod.fitModel(fitTurn);
            System.out.println("classifier: " + model.name() + " " + model.version() + ", the physics fit (about 0.15 s per image per core)"
                    + autoscale.describe());
            KafkaConnection kafka = connect(connection);
            if (autoscale.enabled) {
                var pool = autoscale.start(kafka, Topics.CLASSIFIER_APP, Topics.IMAGES_READY,
                        () -> new Classifier(new Classifier.Config(kafka, batch, metrics), model).start());
                return runUntilStopped(inOrder(pool, metrics), () -> pool.failure(Classifier::failure));
            }
            Classifier classifier = new Classifier(new Classifier.Config(kafka, batch, metrics), model).start();
            return runUntilStopped(inOrder(classifier, metrics), classifier::failure);
        }
    }

    @Command(name = "monitor", mixinStandardHelpOptions = true,
            description = "Watch classifications, fused results, stage lag and dead letters; serve the live dashboard and metrics.")
    static final class MonitorRole implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConnectionOptions connection;
        @Mixin MetricsOptions metricsOptions;
        @Mixin DashboardOptions dashboardOptions;
        @Option(names = "--poll-interval", defaultValue = "2s", description = "How often stage lag is polled: 500ms, 2s, 1m or ISO-8601 "
                + "(PT2S) (default ${DEFAULT-VALUE}).")
        java.time.Duration pollInterval;

        @Override
        public Integer call() throws Exception {
            if (pollInterval.isZero()) {
                throw OptionChecks.invalid(spec, "--poll-interval must be > 0");
            }
            metricsOptions.check(spec);
            dashboardOptions.check(spec);
            StemMetrics metrics = metricsOptions.start(org.stemstream.consumers.monitor.Monitor.STAGE);
            var monitor = new org.stemstream.consumers.monitor.Monitor(connect(connection), metrics, pollInterval, Clock.systemUTC()).start();
            var dashboard = dashboardOptions.start(monitor, metrics);
            System.out.println("dashboard: " + dashboard.url());
            return runUntilStopped(inOrder(dashboard, monitor, metrics), () -> null);
        }
    }
}
