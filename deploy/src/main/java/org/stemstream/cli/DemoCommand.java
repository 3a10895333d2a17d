package org.stemstream.cli;

import java.io.File;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.stemstream.consumers.RunningSummary;
import org.stemstream.deploy.LocalInfrastructure;
import org.stemstream.consumers.monitor.DashboardServer;
import org.stemstream.consumers.monitor.Monitor;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.producers.Campaign;
import org.stemstream.simulator.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job: broker, registry and every stage in one JVM, one campaign through them, and a
 * summary at the end. Ctrl-C stops everything cleanly.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on an embedded broker and registry (or the given cluster) and print a summary.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--requests", defaultValue = "500", description = "Requests in the campaign (default ${DEFAULT-VALUE}; 0 with --watch: "
            + "only the folder's images).")
    int requests;

    @Option(names = "--watch", paramLabel = "DIR", description = "Also run the acquisition feed on DIR: the images dropped there (TIFF, PNG, "
            + "DM3/DM4, MRC, Velox EMD; see stem feed --help) go through the same pipeline, and each answer is printed as it arrives and shown on "
            + "the dashboard. Sent files move to DIR/sent. With --exit-when-done, the demo waits for the answers to the files there at "
            + "the start.")
    java.nio.file.Path watch;

    @Option(names = "--pixel-size-nm", paramLabel = "NM", description = "With --watch: the pixel size of images that state none "
            + "in a sidecar or in their own calibration (default none: such images are dead-lettered with the reason).")
    Double pixelSizeNm;

    @Option(names = "--scenario", defaultValue = "seed-benchmark", description = "Scenario to draw requests from (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--seed", defaultValue = "1", description = "Campaign seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--worker-threads", defaultValue = "2", description = "Render threads of the simulator worker (default ${DEFAULT-VALUE}).")
    int workerThreads;

    @picocli.CommandLine.Mixin
    StreamThreadsOption streamThreads;

    @Option(names = "--timeout", defaultValue = "10m", description = "Give up waiting for results after this long: 90s, 10m, 1h or "
            + "ISO-8601 (PT10M) (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the summary figures as JSON to FILE.")
    File json;

    @Mixin
    MetricsOptions metricsOptions;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DashboardOptions dashboardOptions;

    @Option(names = "--tta", defaultValue = "${env:STEM_TTA:-false}", description = "The classifier: " + ModelOptions.TTA + " (env STEM_TTA)")
    boolean tta;

    @Option(names = "--method", defaultValue = "${env:STEM_CLASSIFY_METHOD:-cnn}", description = ClassifyMethod.DESCRIPTION
            + " With fit, 500 requests take about a minute on 2 cores (env STEM_CLASSIFY_METHOD; default ${DEFAULT-VALUE}).")
    ClassifyMethod method;

    @Option(names = "--fit-turn", defaultValue = "${env:STEM_FIT_TURN:-false}", description = ClassifyMethod.TURN_DESCRIPTION
            + " (env STEM_FIT_TURN)")
    boolean fitTurn;

    @Option(names = "--exit-when-done", description = "Exit once the campaign is classified (default: keep the pipeline and the dashboard up until Ctrl-C).")
    boolean exitWhenDone;

    private boolean fit;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        check();
        Campaign campaign = new Campaign("demo-" + Long.toString(System.currentTimeMillis(), 36), Scenarios.named(scenario), requests, seed);
        CountDownLatch finished = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            finished.countDown();
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stem-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        out.println("stem demo: starting " + (connection.bootstrapServers == null ? "an embedded Kafka broker" : "against " + connection.bootstrapServers)
                + " and " + (connection.schemaRegistryUrl == null ? "the local schema registry" : connection.schemaRegistryUrl) + " ...");
        try (StemMetrics metrics = metricsOptions.start("demo");
             LocalInfrastructure infra = LocalInfrastructure.connectOrStart(connection.bootstrapServers, connection.schemaRegistryUrl, connection.clientProperties());
             LocalPipeline pipeline = LocalPipeline.start(infra.connection(), campaign.campaignId(),
                     new LocalPipeline.Options(workerThreads, streamThreads.threads, fit ? 8 : 64).withModels(modelOptions.folder()).withMetrics(metrics)
                             .withAllSymmetries(tta).withFit(fit ? ClassifyMethod.fitModel(fitTurn) : null));
             Monitor monitor = new Monitor(infra.connection(), metrics, java.time.Duration.ofSeconds(2), java.time.Clock.systemUTC()).start();
             DashboardServer dashboard = dashboardOptions.start(monitor, metrics);
             DemoWatch watching = watch == null ? null
                     : DemoWatch.start(infra.connection(), watch, pixelSizeNm, campaign.campaignId() + "-acquired", monitor, out)) {
            out.printf("  Kafka %s, registry %s (%.1f s)%n", infra.connection().bootstrapServers(), infra.connection().schemaRegistryUrl(), seconds(started));
            if (fit) {
                out.printf("  classifier: %s %s, the physics fit (about 0.15 s per image per core)%n", pipeline.model().name(), pipeline.model().version());
            } else {
                String precision = pipeline.model() instanceof org.stemstream.consumers.cnn.CnnModel cnn ? " (" + cnn.precision() + ")" : "";
                out.printf("  classifier: model %s %s%s from %s (drop a higher version there to swap it while running)%s%n",
                        pipeline.model().name(), pipeline.model().version(), precision, modelOptions.folder(), tta ? "; " + pipeline.model().testTimeAugmentation() : "");
            }
            out.println("  dashboard: " + dashboard.url());
            if (watching != null) {
                out.println("  watching " + watch.toAbsolutePath() + ": images dropped there are classified as they come");
            }
            if (metrics.port() > 0) {
                out.printf("  metrics: http://localhost:%d/metrics%n", metrics.port());
            }
            long sendStart = System.nanoTime();
            RunningSummary.Snapshot summary;
            long deadline = System.nanoTime() + timeout.toNanos();
            if (requests > 0) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("classified").setInitialMax(requests)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build()) {
                    pipeline.send(campaign, n -> { });
                    do {
                        summary = pipeline.summary();
                        bar.stepTo(summary.classifications());
                    } while (summary.classifications() < requests && System.nanoTime() < deadline
                            && !finished.await(200, TimeUnit.MILLISECONDS));
                }
            }
            boolean watchDone = watching == null || !exitWhenDone;
            while (!watchDone && System.nanoTime() < deadline && !finished.await(200, TimeUnit.MILLISECONDS)) {
                watchDone = watching.presentFilesDone();
            }
            summary = pipeline.summary();
            double wall = seconds(sendStart);
            long sentAtMillis = System.currentTimeMillis() - (long) (wall * 1000);
            Map<String, Object> figures = figures(campaign, summary, pipeline, wall, seconds(started), sentAtMillis);
            boolean complete = summary.classifications() >= requests && watchDone;
            if (watching != null) {
                figures.put("acquired", watching.figures());
            }
            print(out, figures, complete);
            if (json != null) {
                JsonOutput.write(json, figures);
                out.println("  summary written to " + json);
            }
            if (!exitWhenDone && finished.getCount() > 0) {
                out.println("  the pipeline and the dashboard (" + dashboard.url() + ") stay up" + (watch == null ? ""
                        : ", and " + watch + " is watched") + ": Ctrl-C to stop");
                finished.await();
            }
            return complete ? 0 : 1;
        } finally {
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
    }

    /** Refuses what the demo could not run with before the broker starts (a bad port or models folder failed only after it). */
    private void check() {
        OptionChecks.atLeast(spec, "--requests", requests, watch == null ? 1 : 0);
        if (watch != null && !java.nio.file.Files.isDirectory(watch)) {
            throw OptionChecks.invalid(spec, "--watch " + watch + " is not a folder");
        }
        if (pixelSizeNm != null) {
            if (watch == null) {
                throw OptionChecks.invalid(spec, "--pixel-size-nm applies to --watch");
            }
            OptionChecks.positive(spec, "--pixel-size-nm", pixelSizeNm);
        }
        OptionChecks.between(spec, "--worker-threads", workerThreads, 1, 256);
        streamThreads.check(spec);
        if (timeout.isZero()) {
            throw OptionChecks.invalid(spec, "--timeout must be > 0");
        }
        OptionChecks.scenario(spec, "--scenario", scenario);
        metricsOptions.check(spec);
        dashboardOptions.check(spec);
        JsonOutput.check(spec, json);
        fit = method == ClassifyMethod.fit;
        ClassifyMethod.check(spec, method, fitTurn, "--models", "--tta");
        if (!fit) {
            modelOptions.check(spec);
        }
    }

    private static Map<String, Object> figures(Campaign campaign, RunningSummary.Snapshot s, LocalPipeline p, double wall, double total,
                                               long sentAtMillis) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("campaign", campaign.campaignId());
        f.put("scenario", campaign.scenario().name());
        f.put("requests", campaign.count());
        f.put("imagesRenderedHere", p.imagesRendered()); // by this demo's own workers: none where a cluster's pool renders them
        f.put("classifications", s.classifications());
        f.put("distinctRequests", s.distinctRequests());
        f.put("pipelineSeconds", round(wall));
        f.put("totalSeconds", round(total));
        f.put("imagesPerSecond", round(s.classifications() / Math.max(wall, 1e-9)));
        // start-up (group joins, first transactions) dominates short runs: say how long the first
        // result took and the rate from the first result to the last
        f.put("firstResultSeconds", s.firstMillis() < 0 ? null : round((s.firstMillis() - sentAtMillis) / 1000.0));
        f.put("steadyImagesPerSecond", s.classifications() < 2 || s.lastMillis() <= s.firstMillis() ? null
                : round((s.classifications() - 1) * 1000.0 / (s.lastMillis() - s.firstMillis())));
        f.put("model", s.model());
        Map<String, Double> acc = new LinkedHashMap<>();
        s.accuracy().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> acc.put(e.getKey(), round(e.getValue())));
        f.put("accuracy", acc);
        Map<String, Long> scored = new LinkedHashMap<>();
        s.scored().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> scored.put(e.getKey(), e.getValue()));
        f.put("scored", scored);
        return f;
    }

    private static void print(PrintStream out, Map<String, Object> f, boolean complete) {
        out.println(complete ? "stem demo: done" : "stem demo: stopped before every result arrived");
        if (f.get("acquired") instanceof Map<?, ?> acquired) {
            out.printf("  acquired from %s: %s file(s) sent (%s image(s)), %s dead-lettered, %s image(s) answered, %s stack(s) fused%n",
                    acquired.get("folder"), acquired.get("filesSent"), acquired.get("imagesSent"), acquired.get("filesDeadLettered"),
                    acquired.get("imagesAnswered"), acquired.get("objectsFused"));
            if ((Integer) f.get("requests") == 0) {
                return; // no campaign of simulated requests to report on
            }
        }
        out.printf("  requests %s, classifications %s (distinct requests %s), images rendered by this demo's workers %s%n",
                f.get("requests"), f.get("classifications"), f.get("distinctRequests"), f.get("imagesRenderedHere"));
        out.printf("  throughput %s images/s over %s s (first result after %s s, then %s images/s; total run %s s)%n", f.get("imagesPerSecond"),
                f.get("pipelineSeconds"), f.get("firstResultSeconds"), f.get("steadyImagesPerSecond"), f.get("totalSeconds"));
        @SuppressWarnings("unchecked")
        Map<String, Double> accuracy = (Map<String, Double>) f.get("accuracy");
        @SuppressWarnings("unchecked")
        Map<String, Long> scored = (Map<String, Long>) f.get("scored");
        StringBuilder tasks = new StringBuilder();
        accuracy.forEach((task, a) -> tasks.append(tasks.length() == 0 ? "" : ", ")
                .append(String.format(java.util.Locale.ROOT, "%s %.1f %% (n %d)", task, 100 * a, scored.getOrDefault(task, 0L))));
        out.printf("  accuracy so far %s; model %s%n", tasks.length() == 0 ? "none (no truth known)" : tasks, f.get("model"));
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
