package org.stemstream.deploy.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.stemstream.consumers.Classifier;
import org.stemstream.consumers.cnn.ReloadingModel;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Scenarios;
import org.stemstream.streams.AugmentProcessor;
import org.stemstream.streams.AugmentSettings;
import org.stemstream.streams.NoiseProcessor;

/**
 * The pipeline's speed on one cluster (a benchmark, not a test). First a warm-up ({@code
 * warmup}, see {@link WarmUp}): all stages together, so that the JIT compiler has done most of
 * its work before any measurement; then they stop. Phase 1, each stage alone, in the same warm
 * JVM: a campaign of {@code n} requests is put on the request topic, then the stages start one at
 * a time, each draining the backlog its predecessor left (images/s and CPU per image per stage).
 * Phase 2, all stages together on a burst of {@code n} (the pipeline's images/s and CPU per image,
 * and its ratio to the slowest stage). Phase 3, a steady stream at half that rate (or at {@code
 * steadyRate} when positive): a lead-in of {@code leadIn} at that rate, then {@code n} measured
 * requests continuing the stream; end-to-end latency percentiles from the stage timestamps of the
 * measured requests (the lead-in's are reported apart: they show how long the pipeline takes to
 * settle after the burst). A phase ends when every classification of its campaign is committed;
 * a stage alone, when its group has caught up with the backlog. Process CPU and heap after GC are
 * sampled throughout. Stages: simulator worker, noise, augmentation, classifier (fusion is
 * downstream of the results and not timed).
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    /**
     * @param requests      requests per phase
     * @param workerThreads render threads of the simulator worker
     * @param streamThreads Kafka Streams threads of the noise and the augmentation stage each (on a
     *                      machine with cores to spare, the one-thread noise stage bounds the
     *                      pipeline: docs/research/sixteen-cores.md)
     * @param models        the classifier's model folder
     * @param soak          > 0 adds a soak phase of that many requests at phase 3's rate
     * @param warmup        traffic through the whole pipeline before the measured phases (none: the stages alone run cold)
     * @param leadIn        traffic at phase 3's rate before its measured requests
     * @param steadyRate    phase 3's requests/s; 0 = half the pipeline's measured rate
     */
    public record Settings(int requests, int workerThreads, int streamThreads, Path models, int soak, Duration warmup, Duration leadIn,
                           double steadyRate) {
        public Settings {
            if (requests < 1 || workerThreads < 1 || streamThreads < 1 || soak < 0 || warmup.isNegative() || leadIn.isNegative() || !(steadyRate >= 0)) {
                throw new IllegalArgumentException("requests, worker and stream threads must be >= 1, soak, warm-up, lead-in and steady rate >= 0: " + this);
            }
        }
    }

    /** The figures, JSON-ready. */
    public static Map<String, Object> run(KafkaConnection kafka, Settings settings, java.util.function.Consumer<String> progress) throws Exception {
        int n = settings.requests();
        int workerThreads = settings.workerThreads();
        Path models = settings.models();
        Duration warmup = settings.warmup();
        kafka.ensureTopics(Topics.all());
        Map<String, Object> out = new LinkedHashMap<>();
        List<AutoCloseable> running = new ArrayList<>();
        Path state = Files.createTempDirectory("stem-bench-");
        Usage start = Usage.now();
        try (Admin admin = Admin.create(kafka.common()); StemMetrics metrics = StemMetrics.inMemory()) {
            String run = UUID.randomUUID().toString().substring(0, 6);
            ReloadingModel model = new ReloadingModel(models, Duration.ofMinutes(10), metrics.registry());
            running.add(model);
            List<Stage> stagesInOrder = List.of(
                    new Stage(Topics.SIMULATOR_WORKER_APP, Topics.SIMULATION_REQUESTS, () ->
                            new SimulatorWorker(new SimulatorWorker.Config(kafka, workerThreads, SimulatorWorker.DEFAULT_MAX_BATCH, metrics)).start()),
                    new Stage(Topics.NOISE_APP, Topics.IMAGES_RAW, () -> new NoiseProcessor(
                            new NoiseProcessor.Config(kafka, Imaging.defaults(), settings.streamThreads(), state.resolve("noise").toString(), metrics)).start()),
                    new Stage(Topics.AUGMENT_APP, Topics.IMAGES_NOISY, () -> new AugmentProcessor(
                            new AugmentProcessor.Config(kafka, AugmentSettings.labelPreserving(), settings.streamThreads(), state.resolve("augment").toString(), metrics)).start()),
                    new Stage(Topics.CLASSIFIER_APP, Topics.IMAGES_READY, () -> new Classifier(new Classifier.Config(kafka, 64, metrics), model).start()));

            // warm-up: all stages together, first flat out, then at half that rate (the latency
            // phase's regime, whose code paths differ: small batches, idle polls), so that the
            // JIT compiler (one of the two cores busy for about two minutes, then a long tail of
            // compilations for about three more) is done before any measurement; then they stop,
            // and the stages alone start again in this JVM. It runs in two rounds, the stages
            // stopped and started again in between: a restart set off 940 compilations in 20 s,
            // where about 30 had run in each 10 s before, and those belong in the warm-up, not in
            // the stages' figures or the burst's
            if (!warmup.isZero()) {
                int requests = 0;
                double flatOutRate = 0;
                for (int round = 0; round < WARMUP_ROUNDS; round++) {
                    List<AutoCloseable> warm = new ArrayList<>();
                    WarmUp.Result warmed;
                    try {
                        for (Stage stage : stagesInOrder) {
                            warm.add(stage.starter().start());
                        }
                        warmed = WarmUp.run(kafka, "bench-warmup-" + run + "-" + round, warmup.dividedBy(WARMUP_ROUNDS));
                    } finally {
                        closeAll(warm);
                    }
                    requests += warmed.requests();
                    flatOutRate = warmed.flatOutImagesPerSecond();
                    progress.accept(String.format(java.util.Locale.ROOT,
                            "  warm-up round %d: %d requests through the whole pipeline (flat out at %.0f images/s, then %d at half that rate)",
                            round + 1, warmed.requests(), warmed.flatOutImagesPerSecond(), warmed.paced()));
                }
                out.put("warmupRequests", requests);
                out.put("warmupFlatOutImagesPerSecond", flatOutRate); // the last round's
            }
            out.put("warmupSeconds", warmup.toSeconds());

            // phase 1: each stage alone on the backlog its predecessor left
            Map<String, Object> stages = new LinkedHashMap<>();
            send(kafka, "bench-stages-" + run, n, 0);
            for (Stage stage : stagesInOrder) {
                stages.put(stage.group(), drain(progress, admin, stage, n, running));
            }
            out.put("stagesAlone", stages);
            double slowest = perStage(stages, "imagesPerSecond").min().orElse(Double.NaN);

            // phase 2: everything at once on a burst
            Usage burstStart = Usage.now();
            try (ClassifiedCounter classified = new ClassifiedCounter(kafka)) {
                send(kafka, "bench-burst-" + run, n, 0);
                classified.await("bench-burst-" + run, n, PHASE_TIMEOUT);
            }
            Usage burstEnd = Usage.now();
            double pipeline = n / ((burstEnd.wallNanos() - burstStart.wallNanos()) / 1e9);
            out.put("pipelineImagesPerSecond", pipeline);
            out.put("pipelineProcessCpuCores", burstEnd.coresSince(burstStart));
            out.put("pipelineCompilerCores", burstEnd.compilerCoresSince(burstStart));
            out.put("pipelineProcessCpuMillisPerImage", (burstEnd.cpuNanos() - burstStart.cpuNanos()) / 1e6 / n);
            out.put("stagesAloneProcessCpuMillisPerImage", perStage(stages, "processCpuMillisPerImage").sum());
            out.put("slowestStageImagesPerSecond", slowest);
            out.put("pipelineToSlowestStage", pipeline / slowest);
            // the conservative ratio: against the slowest stage's rate once running (an upper bound of it)
            double slowestRunning = perStage(stages, "imagesPerSecondAfterFirstCommit").min().orElse(Double.NaN);
            out.put("slowestStageImagesPerSecondAfterFirstCommit", slowestRunning);
            out.put("pipelineToSlowestStageAfterFirstCommit", pipeline / slowestRunning);

            // phase 3: a steady stream at half the pipeline's rate
            double rate = settings.steadyRate() > 0 ? settings.steadyRate() : pipeline / 2;
            String leadIn = "bench-lead-in-" + run;
            String steady = "bench-steady-" + run;
            int leadInN = (int) Math.round(rate * settings.leadIn().toMillis() / 1000.0);
            List<BatchFigures> before;
            Usage measuring;
            try (ClassifiedCounter classified = new ClassifiedCounter(kafka)) {
                if (leadInN > 0) {
                    send(kafka, leadIn, leadInN, rate); // paced: returns when the last lead-in request is sent
                }
                before = BatchFigures.of(metrics.registry());
                measuring = Usage.now();
                send(kafka, steady, n, rate);
                classified.await(leadIn, leadInN, PHASE_TIMEOUT);
                classified.await(steady, n, PHASE_TIMEOUT);
            }
            Usage done = Usage.now();
            List<BatchFigures> after = BatchFigures.of(metrics.registry());
            Map<String, Latencies> read = Latencies.read(kafka, List.of(steady, leadIn));
            Latencies steadyLatencies = read.get(steady);
            double[] latencies = steadyLatencies.endToEnd();
            Map<String, Object> latency = new LinkedHashMap<>();
            latency.put("requestsPerSecond", rate);
            latency.put("p50Millis", Latencies.percentile(latencies, 50));
            latency.put("p99Millis", Latencies.percentile(latencies, 99));
            latency.put("count", latencies.length);
            latency.put("p99MillisBy5sWindow", steadyLatencies.p99ByWindow());
            latency.put("stageP99MillisBy5sWindow", steadyLatencies.stageP99ByWindow());
            latency.put("processCpuCores", done.coresSince(measuring));
            latency.put("compilerCores", done.compilerCoresSince(measuring));
            Map<String, Object> perStage = new LinkedHashMap<>();
            steadyLatencies.perStage().forEach((stage, millis) -> perStage.put(stage,
                    Map.of("p50Millis", Latencies.percentile(millis, 50), "p99Millis", Latencies.percentile(millis, 99))));
            latency.put("stageMillis", perStage); // from the previous stage's timestamp to this one's
            Map<String, Object> batches = new LinkedHashMap<>();
            for (int i = 0; i < after.size(); i++) {
                batches.put(after.get(i).stage(), after.get(i).since(before.get(i)));
            }
            latency.put("transactions", batches);
            Map<String, Object> lead = new LinkedHashMap<>();
            lead.put("seconds", settings.leadIn().toMillis() / 1000.0);
            lead.put("count", leadInN);
            if (leadInN > 0) {
                Latencies settling = read.get(leadIn);
                lead.put("p50Millis", Latencies.percentile(settling.endToEnd(), 50));
                lead.put("p99Millis", Latencies.percentile(settling.endToEnd(), 99));
                lead.put("p99MillisBy5sWindow", settling.p99ByWindow());
                lead.put("stageP99MillisBy5sWindow", settling.stageP99ByWindow());
            }
            latency.put("leadIn", lead);
            out.put("latencyAtHalfRate", latency);
            if (settings.soak() > 0) {
                Map<String, Topic<?, ?>> inputs = new LinkedHashMap<>();
                stagesInOrder.forEach(stage -> inputs.put(stage.group(), stage.input()));
                out.put("soak", Soak.run(kafka, admin, inputs, "bench-soak-" + run, settings.soak(), rate, progress));
            }
            out.put("processCpuCores", Usage.now().coresSince(start));
            out.put("heapAfterGcMiB", heapAfterGcMiB());
            return out;
        } finally {
            closeAll(running);
        }
    }

    /** A stage of the pipeline: its consumer group, its input, and how to start it. */
    private record Stage(String group, Topic<?, ?> input, Starter starter) {
    }

    private interface Starter {
        AutoCloseable start() throws Exception;
    }

    /** Warm-up rounds, each ending with the stages stopped. */
    static final int WARMUP_ROUNDS = 2;

    /** One figure of every stage alone ({@code NaN} where a stage has none). */
    private static java.util.stream.DoubleStream perStage(Map<String, Object> stages, String figure) {
        return stages.values().stream().mapToDouble(s -> ((Map<?, ?>) s).get(figure) instanceof Number x ? x.doubleValue() : Double.NaN);
    }

    private static void closeAll(List<AutoCloseable> started) throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    static long send(KafkaConnection kafka, String campaign, int n, double rate) {
        return new RequestProducer(kafka, Clock.systemUTC()).send(new Campaign(campaign, Scenarios.named("seed-benchmark"), n, 11), rate, x -> { });
    }

    /**
     * Starts a stage on a backlog of {@code n} records (adding it to {@code running}) and times it
     * until its group has committed them.
     */
    private static Map<String, Object> drain(java.util.function.Consumer<String> progress, Admin admin, Stage stage, int n,
                                             List<AutoCloseable> running) throws Exception {
        String group = stage.group();
        Topic<?, ?> input = stage.input();
        // The backlog is complete: its end offsets are final. A transactional producer's log ends
        // with a commit marker, which takes an offset but is no record a stage commits past.
        Map<TopicPartition, Long> end = endOffsets(admin, input);
        int markerSlack = input.equals(Topics.SIMULATION_REQUESTS) ? 0 : 1;
        Map<TopicPartition, OffsetAndMetadata> before = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Usage startUsage = Usage.now();
        long t0 = startUsage.wallNanos();
        running.add(stage.starter().start());
        long deadline = t0 + PHASE_TIMEOUT.toNanos();
        long firstCommit = 0;
        Map<TopicPartition, OffsetAndMetadata> committed;
        while (!caughtUp(committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(), end, markerSlack)) {
            if (firstCommit == 0 && !committed.equals(before)) {
                firstCommit = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " did not catch up with " + input.name() + " (end offsets " + end + ")");
            }
            // polling committed offsets: there is no event to wait for across the stages
            Thread.sleep(20);
        }
        Usage done = Usage.now();
        long t1 = done.wallNanos();
        double seconds = (t1 - t0) / 1e9;
        // from the first commit on, counting its records as if processed after it: an upper bound
        // of the stage's rate once running (null when one commit held the whole backlog)
        Double afterFirstCommit = firstCommit == 0 ? null : n / ((t1 - firstCommit) / 1e9);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("images", n);
        s.put("seconds", seconds);
        s.put("imagesPerSecond", n / seconds);
        s.put("startUpSeconds", firstCommit == 0 ? null : (firstCommit - t0) / 1e9);
        s.put("imagesPerSecondAfterFirstCommit", afterFirstCommit);
        // the process's CPU (the broker's included) per image: what the stage costs the pipeline
        double cpuMillis = (done.cpuNanos() - startUsage.cpuNanos()) / 1e6 / n;
        s.put("processCpuCores", done.coresSince(startUsage));
        s.put("processCpuMillisPerImage", cpuMillis);
        s.put("compilerCores", done.compilerCoresSince(startUsage)); // the JIT compiler's part of those cores
        progress.accept(String.format(java.util.Locale.ROOT,
                "  %-17s alone: %7.0f images/s (start-up included), at most %s after its first commit; %.2f cores (JIT %.2f), %.2f ms of CPU per image",
                group, n / seconds, afterFirstCommit == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f", afterFirstCommit),
                done.coresSince(startUsage), done.compilerCoresSince(startUsage), cpuMillis));
        return s;
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, Topic<?, ?> topic) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < topic.partitions(); p++) {
            latest.put(new TopicPartition(topic.name(), p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Whether a group's committed {@code offsets} are within {@code slack} of {@code end} on every partition. */
    private static boolean caughtUp(Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Long> end, int slack) {
        return end.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata committed = offsets.get(e.getKey());
            return e.getValue() - (committed == null ? 0 : committed.offset()) <= slack;
        });
    }

    /**
     * The sum of {@code group}'s committed offsets on {@code topic}: its records consumed, plus the
     * transaction markers among them where the topic is written transactionally.
     */
    public static long committed(Admin admin, String group, Topic<?, ?> topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic.name()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** The longest a phase may take before the benchmark gives up on it. */
    static final Duration PHASE_TIMEOUT = Duration.ofMinutes(15);

    /** A transactional stage's batch meters at one moment: batches, records, processing and commit time. */
    record BatchFigures(String stage, long batches, double records, double processMillis, double commitMillis) {
        static List<BatchFigures> of(io.micrometer.core.instrument.MeterRegistry registry) {
            List<BatchFigures> out = new ArrayList<>();
            for (String stage : List.of(Topics.SIMULATOR_WORKER_APP, Topics.CLASSIFIER_APP)) {
                var size = registry.find(org.stemstream.metrics.StageMeters.BATCH_SIZE).tag("stage", stage).summary();
                var process = registry.find("stem.batch.process").tag("stage", stage).timer();
                var commit = registry.find(org.stemstream.metrics.StageMeters.COMMIT).tag("stage", stage).timer();
                out.add(size == null || process == null || commit == null ? new BatchFigures(stage, 0, 0, 0, 0)
                        : new BatchFigures(stage, size.count(), size.totalAmount(), process.totalTime(TimeUnit.MILLISECONDS),
                        commit.totalTime(TimeUnit.MILLISECONDS)));
            }
            return out;
        }

        /** Means per transaction between {@code earlier} and this. */
        Map<String, Object> since(BatchFigures earlier) {
            long n = Math.max(1, batches - earlier.batches);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("transactions", batches - earlier.batches);
            m.put("meanRecords", (records - earlier.records) / n);
            m.put("meanProcessMillis", (processMillis - earlier.processMillis) / n);
            m.put("meanCommitMillis", (commitMillis - earlier.commitMillis) / n);
            return m;
        }
    }

    static double heapAfterGcMiB() {
        System.gc(); // a measurement: the heap that stays
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    /**
     * The process's CPU time and the JIT compiler's time at one moment: between two of them, the
     * cores the process used and the compiler's share. The compiler's time is the elapsed time of
     * its compilations, summed over its threads, so an upper bound on its CPU time. Here the
     * compiler kept about one of the two cores busy for the first three minutes, a quarter to a
     * half of one in the next minute, and 0.07-0.11 cores during the measured requests.
     */
    record Usage(long wallNanos, long cpuNanos, long compileMillis) {
        static Usage now() {
            long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : 0;
            var jit = ManagementFactory.getCompilationMXBean();
            long compile = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
            return new Usage(System.nanoTime(), cpu, compile);
        }

        /** Cores used by the process since {@code earlier}. */
        double coresSince(Usage earlier) {
            return (cpuNanos - earlier.cpuNanos) / (double) Math.max(1, wallNanos - earlier.wallNanos);
        }

        /** Cores the JIT compiler's threads used since {@code earlier}. */
        double compilerCoresSince(Usage earlier) {
            return (compileMillis - earlier.compileMillis) * 1e6 / Math.max(1, wallNanos - earlier.wallNanos);
        }
    }
}
