package org.stemstream.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stemstream.deploy.bench.PoolBenchmark;
import org.stemstream.simulator.fit.FitBenchmark;
import org.stemstream.simulator.tools.SimulatorBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks (figures, not tests): {@code stem bench simulator --json FILE}. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure throughput; print figures and write them with --json.",
        subcommands = {BenchCommand.Simulator.class, BenchCommand.Pool.class, BenchCommand.ClassifierBench.class, BenchCommand.FitBench.class,
            BenchCommand.Pipeline.class, BenchTrainingCommand.class})
final class BenchCommand {

    @Command(name = "simulator", mixinStandardHelpOptions = true,
            description = "Images per second on one core at 128x128 and 256x256, bare and with blur, carbon film and Poisson noise.")
    static final class Simulator implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--seconds", defaultValue = "5", description = "Measuring time per case, after a warm-up of half that (default ${DEFAULT-VALUE}).") double seconds;
        @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.") File json;

        @Override
        public Integer call() throws Exception {
            OptionChecks.positive(spec, "--seconds", seconds);
            JsonOutput.check(spec, json);
            List<Map<String, Object>> cases = new ArrayList<>();
            for (int size : new int[] {128, 256}) {
                for (boolean noise : new boolean[] {false, true}) {
                    SimulatorBenchmark.Result r = SimulatorBenchmark.run(size, noise, seconds);
                    System.out.printf("simulator %dx%d %-10s %8.0f images/s per core (%.3f ms per image)%n",
                            size, size, noise ? "with noise" : "bare", r.imagesPerSecond(), r.millisPerImage());
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("size", size);
                    c.put("noise", noise);
                    c.put("imagesPerSecond", r.imagesPerSecond());
                    c.put("millisPerImage", r.millisPerImage());
                    c.put("images", r.images());
                    cases.add(c);
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("benchmark", "simulator");
            figures.put("threads", 1);
            figures.put("scenario", "seed-benchmark");
            figures.put("cases", cases);
            JsonOutput.write(json, figures);
            return 0;
        }
    }

    @Command(name = "pool", mixinStandardHelpOptions = true,
            description = "Simulator worker pool throughput through Kafka with 1..N members, and Kafka's overhead against the library.")
    static final class Pool implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @picocli.CommandLine.Mixin ConnectionOptions connection;
        @Option(names = "--members", split = ",", defaultValue = "1,2", description = "Pool sizes to measure (default ${DEFAULT-VALUE}).") List<Integer> members;
        @Option(names = "--requests", defaultValue = "100000", description = "Requests per round (default ${DEFAULT-VALUE}); at least a quarter must be left once they are all sent.") int requests;
        @Option(names = "--max-batch", defaultValue = "200", description = "Requests per transaction at most, as simulator-worker --max-batch (default ${DEFAULT-VALUE}: a pool working off a backlog).") int maxBatch;
        @Option(names = "--warmup-seconds", defaultValue = "90", description = "Warm-up per pool size, same members (default ${DEFAULT-VALUE}).") double warmupSeconds;
        @Option(names = "--library-seconds", defaultValue = "5", description = "Measuring time of each of the library's rates: one thread before and after the pools, and as many threads as the pool has members around each round (default ${DEFAULT-VALUE}).") double librarySeconds;
        @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds per pool size after its warm-up, each a campaign of --requests set against the library measured just before and after it; the overhead is the median over the rounds (default ${DEFAULT-VALUE}).") int rounds;
        @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.") File json;

        @Override
        public Integer call() throws Exception {
            if (!(warmupSeconds >= 0) || !(librarySeconds > 0) || requests < 1 || rounds < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--warmup-seconds must be >= 0, --library-seconds > 0, --requests >= 1 and --rounds >= 1");
            }
            int partitions = org.stemstream.schemas.Topics.SIMULATION_REQUESTS.partitions();
            if (members.stream().anyMatch(m -> m < 1 || m > partitions)) {
                // more members than the request topic's partitions would idle and dilute the figures
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--members must each be 1.." + partitions + " (the request topic's partitions), got " + members);
            }
            JsonOutput.check(spec, json);
            double before = PoolBenchmark.libraryRate(librarySeconds);
            System.out.printf("simulator library, 1 thread, projection only: %.0f images/s%n", before);
            List<PoolBenchmark.Rounds> results = new ArrayList<>();
            try (var signal = new InterruptOnSignal();
                 var infra = org.stemstream.deploy.LocalInfrastructure.connectOrStart(connection.bootstrapServers, connection.schemaRegistryUrl, connection.clientProperties())) {
                if (infra.embedded()) {
                    System.out.printf("images-raw on this benchmark's own broker keeps %d MiB a partition (nothing reads it here; an ever-growing"
                            + " log slowed the later rounds)%n", PoolBenchmark.BOUNDED_RETENTION_BYTES >> 20);
                }
                for (int m : members) {
                    var r = PoolBenchmark.run(infra.connection(), m, requests, maxBatch, java.time.Duration.ofMillis((long) (warmupSeconds * 1000)),
                            rounds, librarySeconds, infra.embedded(), this::printRound);
                    System.out.printf("pool of %d: %.2f of the library on %d %s around each round (median of %d, %.2f-%.2f); backlog %.0f images/s"
                                    + " (median); after %.0f s of warm-up, up to %d requests per transaction%n",
                            m, r.medianEfficiency(), m, m == 1 ? "thread" : "threads at once", rounds, r.minEfficiency(), r.maxEfficiency(),
                            r.medianBacklogImagesPerSecond(), warmupSeconds, maxBatch);
                    results.add(r);
                }
                double after = PoolBenchmark.libraryRate(librarySeconds);
                double fastest = Math.max(before, after);
                System.out.printf("simulator library again, 1 thread: %.0f images/s%n", after);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (var r : results) {
                    double againstFastest = r.medianBacklogImagesPerSecond() / (r.members() * fastest);
                    System.out.printf("pool of %d: %.2f of the library around each round (median); %.2f of %d x the faster one-thread figure (%.0f)%n",
                            r.members(), r.medianEfficiency(), againstFastest, r.members(), fastest);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("members", r.members());
                    row.put("efficiency", r.medianEfficiency());
                    row.put("efficiencyMin", r.minEfficiency());
                    row.put("efficiencyMax", r.maxEfficiency());
                    row.put("backlogImagesPerSecond", r.medianBacklogImagesPerSecond());
                    row.put("efficiencyAgainstFastestOneThreadLibrary", againstFastest);
                    List<Map<String, Object>> roundRows = new ArrayList<>();
                    for (var round : r.rounds()) {
                        var p = round.pool();
                        Map<String, Object> x = new LinkedHashMap<>();
                        x.put("requests", p.requests());
                        x.put("seconds", p.seconds());
                        x.put("imagesPerSecond", p.imagesPerSecond());
                        x.put("backlogRequests", p.backlogRequests());
                        x.put("backlogSeconds", p.backlogSeconds());
                        x.put("backlogImagesPerSecond", p.backlogImagesPerSecond());
                        x.put("libraryBeforeImagesPerSecond", round.libraryBefore());
                        x.put("libraryAfterImagesPerSecond", round.libraryAfter());
                        x.put("efficiency", round.efficiency());
                        x.put("renderBusy", p.backlog().renderBusy());
                        x.put("renderMillisPerImage", p.backlog().renderMillisPerImage());
                        x.put("processCpuCores", p.backlog().processCpuCores());
                        x.put("compilerCores", p.backlog().compilerCores());
                        x.put("imagesPerTransaction", p.backlog().imagesPerTransaction());
                        x.put("commitMillis", p.backlog().commitMillis());
                        roundRows.add(x);
                    }
                    row.put("rounds", roundRows);
                    rows.add(row);
                }
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("benchmark", "pool");
                figures.put("cores", Runtime.getRuntime().availableProcessors());
                figures.put("warmupSeconds", warmupSeconds);
                figures.put("maxBatch", maxBatch);
                figures.put("requestsPerRound", requests);
                figures.put("rounds", rounds);
                figures.put("libraryImagesPerSecondPerThreadBefore", before);
                figures.put("libraryImagesPerSecondPerThreadAfter", after);
                figures.put("pools", rows);
                JsonOutput.write(json, figures);
            }
            return 0;
        }

        private void printRound(PoolBenchmark.Round round, int index) {
            var p = round.pool();
            System.out.printf("pool of %d, round %d of %d: %.0f images/s on the backlog (%d in %.1f s once all were sent; %.0f over the"
                            + " campaign, sending included); library %.0f before, %.0f after: %.2f%n",
                    p.members(), index, rounds, p.backlogImagesPerSecond(), p.backlogRequests(), p.backlogSeconds(), p.imagesPerSecond(),
                    round.libraryBefore(), round.libraryAfter(), round.efficiency());
            System.out.printf("  on the backlog: render threads busy %.2f of the time, %.3f ms per image (encoding included);"
                            + " process %.2f cores, of which the JIT compiler %.2f; transactions of %.0f images, %.1f ms to produce and commit each%n",
                    p.backlog().renderBusy(), p.backlog().renderMillisPerImage(), p.backlog().processCpuCores(), p.backlog().compilerCores(),
                    p.backlog().imagesPerTransaction(), p.backlog().commitMillis());
        }
    }

    @Command(name = "classifier", mixinStandardHelpOptions = true,
            description = "Inference images/s of a model (default: the shipped one) on seed-benchmark images: the network alone, and with preprocessing.")
    static final class ClassifierBench implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @picocli.CommandLine.Mixin ModelOptions modelOptions;
        @Option(names = "--count", defaultValue = "2048", description = "Distinct images cycled through (default ${DEFAULT-VALUE}).") int count;
        @Option(names = "--batch", defaultValue = "256", description = "Images per inference call (default ${DEFAULT-VALUE}).") int batch;
        @Option(names = "--streams", split = ",", defaultValue = "1,2", description = "Model copies inferring at once (default ${DEFAULT-VALUE}).") List<Integer> streams;
        @Option(names = "--seconds", defaultValue = "6", description = "Measuring time per case (default ${DEFAULT-VALUE}).") double seconds;
        @Option(names = "--cache", defaultValue = ".stem/datasets", description = "Dataset cache folder (default ${DEFAULT-VALUE}).") java.nio.file.Path cache;
        @Option(names = "--tta", description = ModelOptions.TTA) boolean tta;
        @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.") File json;

        @Override
        public Integer call() throws Exception {
            // --count 0 said "/ by zero", --batch 0 measured "0 images/s", --streams 0 ran one stream
            OptionChecks.atLeast(spec, "--count", count, 1);
            OptionChecks.atLeast(spec, "--batch", batch, 1);
            if (streams.stream().anyMatch(s -> s < 1)) {
                throw OptionChecks.invalid(spec, "--streams must each be >= 1, got " + streams);
            }
            OptionChecks.positive(spec, "--seconds", seconds);
            JsonOutput.check(spec, json);
            modelOptions.check(spec);
            var candidate = org.stemstream.consumers.cnn.ModelFolder.best(modelOptions.folder())
                    .orElseThrow(() -> new IllegalArgumentException("no model in " + modelOptions.folder()));
            var model = org.stemstream.consumers.cnn.CnnModel.load(candidate.dir(), tta);
            var images = org.stemstream.consumers.train.DatasetCache.load(cache, "seed-benchmark", count, 9_000_001L, null);
            String isa = org.stemstream.consumers.cnn.CnnModel.instructionSet();
            System.out.printf("model %s %s (%s), %d parameters, input %dx%d, forward pass on %s in %s, oneDNN kernels %s, %d cores%n", model.name(),
                    model.version(), candidate.dir(), model.graph().numParams(), model.metadata().preprocessing().outputSize(),
                    model.metadata().preprocessing().outputSize(), model.engine(), model.precision(), isa, Runtime.getRuntime().availableProcessors());
            List<org.stemstream.consumers.cnn.InferenceBenchmark.Result> rows = new ArrayList<>();
            for (int s : streams) {
                for (var r : org.stemstream.consumers.cnn.InferenceBenchmark.run(model, images, batch, s, seconds)) {
                    System.out.printf("%-22s streams %d, batch %d: %8.0f images/s%n", r.mode(), r.streams(), r.batch(), r.imagesPerSecond());
                    rows.add(r); // written as mode, streams, batch, images, seconds, imagesPerSecond
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("benchmark", "classifier");
            figures.put("model", model.name());
            figures.put("modelVersion", model.version());
            figures.put("parameters", model.graph().numParams());
            figures.put("allSymmetries", tta);
            figures.put("engine", model.engine());
            figures.put("precision", model.precision());
            figures.putAll(JsonOutput.machine(isa));
            figures.put("cases", rows);
            JsonOutput.write(json, figures);
            return 0;
        }
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "Images per second of the physics fit (classify --method fit) on seed-benchmark images, on one thread and on every core.")
    static final class FitBench implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--images", defaultValue = "60", description = "Images fitted per case, after 5 to warm up (default ${DEFAULT-VALUE}).") int images;
        @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.") File json;

        @Override
        public Integer call() throws Exception {
            OptionChecks.atLeast(spec, "--images", images, 1);
            JsonOutput.check(spec, json);
            List<Map<String, Object>> cases = new ArrayList<>();
            int cores = Runtime.getRuntime().availableProcessors();
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                FitBenchmark.Result r = FitBenchmark.run(images, threads, 61_000, 5);
                System.out.printf("fit %d thread%s: %6.1f images/s (%.0f ms per image per thread); counted %d of %d right%n", threads,
                        threads == 1 ? " " : "s", r.imagesPerSecond(), 1000 * threads / r.imagesPerSecond(), r.countRight(), r.images());
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("threads", threads);
                c.put("images", r.images());
                c.put("seconds", r.seconds());
                c.put("imagesPerSecond", r.imagesPerSecond());
                c.put("countRight", r.countRight());
                cases.add(c);
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("benchmark", "fit");
            figures.put("fitVersion", org.stemstream.simulator.fit.CuboidFitter.VERSION);
            figures.put("scenario", "seed-benchmark");
            figures.put("cases", cases);
            JsonOutput.write(json, figures);
            return 0;
        }
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "After a warm-up, each stage alone, then the whole pipeline, on the embedded broker (or the given cluster): images/s and CPU per image, "
                    + "the pipeline's ratio to its slowest stage, end-to-end latency at half the maximum rate, CPU and heap.")
    static final class Pipeline implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @picocli.CommandLine.Mixin ConnectionOptions connection;
        @picocli.CommandLine.Mixin ModelOptions modelOptions;
        @Option(names = "--requests", defaultValue = "1000", description = "Requests per phase (default ${DEFAULT-VALUE}).") int requests;
        @Option(names = "--worker-threads", defaultValue = "2", description = "Render threads of the simulator worker (default ${DEFAULT-VALUE}).") int workerThreads;
        @picocli.CommandLine.Mixin StreamThreadsOption streamThreads; // alone and in the pipeline
        @Option(names = "--soak", defaultValue = "0", paramLabel = "N", description = "Then N more requests (e.g. 100000) at the latency phase's rate, "
                + "sampling heap after GC and lag about 20 times (every 1-10 s), and their end-to-end latency; exits 1 when the heap after GC "
                + "or the lag grew from the first quarter of the samples to the last (default: no soak).") int soak;
        @Option(names = "--warmup-seconds", defaultValue = "300", description = "Seconds of traffic through the whole pipeline (the first half flat out, the second at half that rate) before the "
                + "stages alone and the other measured phases, for the JIT compiler: here it keeps a core busy for about 2 minutes, and its "
                + "C2 compilations fall from 100-170 to about 15 every 10 s only after about 4.5 minutes (default ${DEFAULT-VALUE}).") int warmupSeconds;
        @Option(names = "--steady-rate", defaultValue = "0", paramLabel = "R", description = "Requests/s of the latency phase "
                + "(default: half the pipeline's measured rate).") double steadyRate;
        @Option(names = "--lead-in-seconds", defaultValue = "15", description = "Seconds of the latency phase's stream sent before "
                + "its measured requests, while the pipeline settles after the burst phase; their latency is reported apart "
                + "(default ${DEFAULT-VALUE}).") int leadInSeconds;
        @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.") File json;

        @Override
        public Integer call() throws Exception {
            if (warmupSeconds < 0 || leadInSeconds < 0 || requests < 1 || soak < 0 || !(steadyRate >= 0)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--warmup-seconds and --lead-in-seconds must be >= 0, --requests >= 1, --soak >= 0 and --steady-rate >= 0");
            }
            OptionChecks.between(spec, "--worker-threads", workerThreads, 1, 256);
            streamThreads.check(spec);
            JsonOutput.check(spec, json);
            modelOptions.check(spec);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("benchmark", "pipeline");
            figures.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
            figures.put("cores", Runtime.getRuntime().availableProcessors());
            figures.put("requests", requests);
            figures.put("streamThreads", streamThreads.threads);
            try (var signal = new InterruptOnSignal();
                 var infra = org.stemstream.deploy.LocalInfrastructure.connectOrStart(connection.bootstrapServers, connection.schemaRegistryUrl, connection.clientProperties())) {
                var settings = new org.stemstream.deploy.bench.PipelineBenchmark.Settings(requests, workerThreads, streamThreads.threads, modelOptions.folder(), soak,
                        java.time.Duration.ofSeconds(warmupSeconds), java.time.Duration.ofSeconds(leadInSeconds), steadyRate);
                figures.putAll(org.stemstream.deploy.bench.PipelineBenchmark.run(infra.connection(), settings, System.out::println));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> latency = (Map<String, Object>) figures.get("latencyAtHalfRate");
            System.out.printf("pipeline %.0f images/s = %.2f of the slowest stage (%.0f images/s; target >= 0.7); %.2f of the slowest"
                            + " stage's rate after its first commit (%.0f images/s at most)%n",
                    (Double) figures.get("pipelineImagesPerSecond"), (Double) figures.get("pipelineToSlowestStage"),
                    (Double) figures.get("slowestStageImagesPerSecond"), (Double) figures.get("pipelineToSlowestStageAfterFirstCommit"),
                    (Double) figures.get("slowestStageImagesPerSecondAfterFirstCommit"));
            System.out.printf("  the pipeline used %.2f cores (JIT %.2f), %.2f ms of CPU per image; the stages alone %.2f ms per image together%n",
                    (Double) figures.get("pipelineProcessCpuCores"), (Double) figures.get("pipelineCompilerCores"),
                    (Double) figures.get("pipelineProcessCpuMillisPerImage"),
                    (Double) figures.get("stagesAloneProcessCpuMillisPerImage"));
            System.out.printf("at %.0f requests/s: end-to-end p50 %.0f ms, p99 %.0f ms (target < 500 ms)%n",
                    (Double) latency.get("requestsPerSecond"), (Double) latency.get("p50Millis"), (Double) latency.get("p99Millis"));
            System.out.println("  p99 of each 5 s of requests: " + millis((List<?>) latency.get("p99MillisBy5sWindow")) + " ms");
            System.out.printf("  meanwhile the process used %.2f cores, of which the JIT compiler %.2f%n",
                    (Double) latency.get("processCpuCores"), (Double) latency.get("compilerCores"));
            @SuppressWarnings("unchecked")
            Map<String, Object> lead = (Map<String, Object>) latency.get("leadIn");
            if (((Number) lead.get("count")).intValue() > 0) {
                System.out.printf("  measured after a lead-in of %d requests (%.0f s) at the same rate: p50 %.0f ms, p99 %.0f ms (each 5 s: %s ms)%n",
                        ((Number) lead.get("count")).intValue(), (Double) lead.get("seconds"), (Double) lead.get("p50Millis"),
                        (Double) lead.get("p99Millis"), millis((List<?>) lead.get("p99MillisBy5sWindow")));
                @SuppressWarnings("unchecked")
                Map<String, List<Double>> hops = (Map<String, List<Double>>) lead.get("stageP99MillisBy5sWindow");
                hops.forEach((stage, p99) -> System.out.printf("    lead-in, up to %-18s p99 of each 5 s: %s ms%n", stage, millis(p99)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Double>> stages = (Map<String, Map<String, Double>>) latency.get("stageMillis");
            stages.forEach((stage, p) -> System.out.printf("  up to %-18s p50 %4.0f ms, p99 %4.0f ms%n", stage, p.get("p50Millis"), p.get("p99Millis")));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Number>> transactions = (Map<String, Map<String, Number>>) latency.get("transactions");
            transactions.forEach((stage, t) -> System.out.printf("  %-18s %4d transactions, on average %.1f records, processed in %.0f ms, committed in %.0f ms%n",
                    stage, t.get("transactions").longValue(), t.get("meanRecords").doubleValue(), t.get("meanProcessMillis").doubleValue(),
                    t.get("meanCommitMillis").doubleValue()));
            System.out.printf("process CPU %.2f cores on average, heap after GC %.0f MiB%n", (Double) figures.get("processCpuCores"),
                    (Double) figures.get("heapAfterGcMiB"));
            JsonOutput.write(json, figures);
            @SuppressWarnings("unchecked")
            Map<String, Object> soakFigures = (Map<String, Object>) figures.get("soak");
            return soakFigures == null ? 0 : soakVerdict(soakFigures);
        }

        /** The soak's check: 0 when heap after GC and lag stayed flat, 1 (with the reason) when not. */
        private int soakVerdict(Map<String, Object> soak) {
            if (!soak.containsKey("heapFlat")) {
                System.out.printf("soak: %d samples, too few to compare their first and last quarters (4 at least): not checked%n",
                        ((List<?>) soak.get("samples")).size());
                return 0;
            }
            boolean heapFlat = (Boolean) soak.get("heapFlat");
            boolean lagFlat = (Boolean) soak.get("lagNotGrowing");
            String figures = String.format(java.util.Locale.ROOT, "heap after GC %.0f -> %.0f MiB (median), total lag %.0f -> %.0f (mean; first and last quarter)",
                    (Double) soak.get("heapFirstQuarterMiB"), (Double) soak.get("heapLastQuarterMiB"),
                    (Double) soak.get("lagFirstQuarter"), (Double) soak.get("lagLastQuarter"));
            if (heapFlat && lagFlat) {
                System.out.println("soak: flat, " + figures);
                return 0;
            }
            spec.commandLine().getErr().println("soak check failed: " + (heapFlat ? "" : "heap after GC grew; ")
                    + (lagFlat ? "" : "lag grew; ") + figures);
            return 1;
        }

        /** "437, 480, -" for a list of milliseconds (null: no figure). */
        private static String millis(List<?> values) {
            return values.stream().map(x -> x == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f", ((Number) x).doubleValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }
}
