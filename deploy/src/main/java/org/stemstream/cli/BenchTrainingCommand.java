package org.stemstream.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.train.DatasetCache;
import org.stemstream.consumers.train.TrainerConfig;
import org.stemstream.consumers.train.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stem bench training}: images/s of the shipped design's training step, on oneDNN directly and through DL4J. */
@Command(name = "training", mixinStandardHelpOptions = true,
        description = "Training images/s of the shipped model's design (batch-normalised, 56x56 turned crop) on seed-benchmark images: "
                + "the training step alone, on oneDNN directly and through DL4J, on 1 and 2 threads (one OpenMP thread each).")
final class BenchTrainingCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--count", defaultValue = "1024", description = "Distinct images cycled through (default ${DEFAULT-VALUE}).") int count;
    @Option(names = "--batch", defaultValue = "64", description = "Images per step, shared among the threads (default ${DEFAULT-VALUE}, the trainer's).") int batch;
    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Threads per step (default ${DEFAULT-VALUE}).") List<Integer> threads;
    @Option(names = "--engines", split = ",", defaultValue = "onednn,dl4j", description = "Engines to measure: onednn, dl4j (default ${DEFAULT-VALUE}).") List<String> engines;
    @Option(names = "--seconds", defaultValue = "20", description = "Measuring time per case, after a warm-up of a third of that (default ${DEFAULT-VALUE}).") double seconds;
    @Option(names = "--cache", defaultValue = ".stem/datasets", description = "Dataset cache folder (default ${DEFAULT-VALUE}).") Path cache;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.") File json;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast(spec, "--batch", batch, 1);
        OptionChecks.atLeast(spec, "--count", count, batch);
        if (threads.stream().anyMatch(t -> t < 1 || t > batch)) {
            throw OptionChecks.invalid(spec, "--threads must each be in [1, --batch " + batch + "], got " + threads);
        }
        for (String e : engines) {
            if (!List.of(TrainingBenchmark.ONEDNN, TrainingBenchmark.DL4J).contains(e)) {
                throw OptionChecks.invalid(spec, "--engines: '" + e + "' is not onednn or dl4j");
            }
        }
        OptionChecks.positive(spec, "--seconds", seconds);
        JsonOutput.check(spec, json);
        TrainerConfig config = TrainerConfig.defaults("seed-benchmark", count, 1, 1, Path.of("unused"))
                .withNetwork(new int[] {16, 32, 64, 128}, 2, true, 112, 2).withOrient("canonical-scaled")
                .withTraining(batch, 2e-3, 0.9, 4);
        var images = DatasetCache.load(cache, "seed-benchmark", count, 9_000_002L, null);
        String isa = CnnModel.instructionSet();
        System.out.printf("the shipped design: widths 16-32-64-128, two convolutions per stage, batch normalisation; batch %d; "
                + "oneDNN kernels %s, %d cores, OMP_NUM_THREADS=%s%n", batch, isa, Runtime.getRuntime().availableProcessors(),
                System.getenv("OMP_NUM_THREADS"));
        List<TrainingBenchmark.Result> results = TrainingBenchmark.run(config, images, engines, threads, seconds);
        for (var r : results) {
            System.out.printf("%-7s threads %d, batch %d: %s%n", r.engine(), r.threads(), r.batch(),
                    r.imagesPerSecond() == null ? "does not train this net" : String.format("%6.0f images/s", r.imagesPerSecond()));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "training");
        figures.putAll(JsonOutput.machine(isa));
        figures.put("cases", results);
        JsonOutput.write(json, figures);
        return 0;
    }
}
