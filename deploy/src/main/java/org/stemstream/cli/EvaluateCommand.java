package org.stemstream.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.train.DatasetCache;
import org.stemstream.consumers.train.Evaluator;
import org.stemstream.consumers.train.LabelledImages;
import org.stemstream.consumers.train.TaskScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Scores a trained model on freshly rendered images of a scenario, for one task. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy (95 % Wilson interval) and confusion matrix of a model on fresh images of a scenario.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "seed-benchmark",
            description = "Scenario (default ${DEFAULT-VALUE}; t1-balanced and t3-two-corners are the T1 and T3 evaluation sets).") String scenario;
    @Option(names = "--task", required = true, description = "T1, T2 or T3.") String task;
    @Option(names = "--count", defaultValue = "1000", description = "Images (default ${DEFAULT-VALUE}).") int count;
    @Option(names = "--seed", defaultValue = "424242", description = "Seed, never one used in training (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--model", required = true, description = "Model folder (model.zip + metadata.json).") Path model;
    @Option(names = "--cache", defaultValue = ".stem/datasets", description = "Dataset cache folder (default ${DEFAULT-VALUE}).") Path cache;
    @Option(names = "--json", paramLabel = "FILE", description = "Write task, accuracy, ci95, count, confusion, model as JSON.") File json;

    @Override
    public Integer call() throws Exception {
        CnnModel cnn = CnnModel.load(model);
        Object trainingSeed = cnn.metadata().training().get("seed");
        if (trainingSeed != null && Long.parseLong(trainingSeed.toString()) == seed) {
            System.err.println("warning: seed " + seed + " is the model's training seed; the score is not held-out");
        }
        LabelledImages images;
        try (BarProgress progress = new BarProgress()) {
            images = DatasetCache.load(cache, scenario, count, seed, (done, total) -> progress.update("render", done, total));
        }
        long start = System.nanoTime();
        TaskScore score = Evaluator.task(Evaluator.evaluate(cnn, images), task);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s on %s: accuracy %.2f %% (95 %% CI %.2f-%.2f %%), n = %d of %d images; model %s %s%n", task, scenario,
                100 * score.accuracy(), 100 * score.ci95()[0], 100 * score.ci95()[1], score.count(), images.count(),
                cnn.name(), cnn.version());
        System.out.println("confusion (rows: truth, columns: predicted) " + score.classes());
        for (int r = 0; r < score.confusion().length; r++) {
            StringBuilder row = new StringBuilder(String.format("%16s", score.classes().get(r)));
            for (long v : score.confusion()[r]) {
                row.append(String.format(" %6d", v));
            }
            System.out.println(row);
        }
        System.out.printf("inference with preprocessing: %.0f images/s%n", images.count() / seconds);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("task", task);
        figures.put("accuracy", score.accuracy());
        figures.put("ci95", score.ci95());
        figures.put("count", score.count());
        figures.put("confusion", score.confusion());
        figures.put("classes", score.classes());
        figures.put("model", model.toString());
        figures.put("modelName", cnn.name());
        figures.put("modelVersion", cnn.version());
        figures.put("scenario", scenario);
        figures.put("seed", seed);
        JsonOutput.write(json, figures);
        return 0;
    }
}
