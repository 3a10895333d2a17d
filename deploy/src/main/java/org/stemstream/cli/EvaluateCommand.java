package org.stemstream.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ProbabilityModel;
import org.stemstream.consumers.cnn.ModelMetadata;
import org.stemstream.consumers.train.DatasetCache;
import org.stemstream.consumers.train.Evaluator;
import org.stemstream.consumers.train.LabelledImages;
import org.stemstream.deploy.eval.MultiViewEvaluation;
import org.stemstream.consumers.train.TaskScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores a trained model on freshly rendered images of a scenario, for one task. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy (95 %% Wilson interval) and confusion matrix of a model on fresh images of a scenario.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    /** The scenario T4 (cuboid, pyramid or sphere) is scored on unless --scenario is given: the others hold cuboids only. */
    static final String SHAPES_SCENARIO = "mixed-shapes";
    static final String DEFAULT_SCENARIO = "seed-benchmark";

    @Option(names = "--scenario", description = "Scenario (default: " + SHAPES_SCENARIO + " for T4 and T4-multi, whose other scenarios "
            + "hold cuboids only, " + DEFAULT_SCENARIO + " otherwise; t1-balanced and t3-two-corners are the T1 and T3 evaluation sets).") String scenario;
    @Option(names = "--task", required = true, description = "T1, T2, T3, T4 (shape; on " + SHAPES_SCENARIO + " by default), or one of "
            + "them with -multi, e.g. T2-multi: the task from --views views per particle, fused. Case does not matter.") String task;
    @Option(names = "--views", defaultValue = "5", description = "Views per particle of a -multi task (default ${DEFAULT-VALUE}).") int views;
    @Option(names = "--count", defaultValue = "1000", description = "Images, or for a -multi task particles, each rendered in --views "
            + "views (default ${DEFAULT-VALUE}).") int count;
    @Option(names = "--seed", defaultValue = "424242", description = "Seed, never one used in training (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--model", description = "Model folder (model.zip + metadata.json) or a models folder (default: the shipped models/).") Path model;
    @Option(names = "--tta", description = ModelOptions.TTA) boolean tta;
    @Option(names = "--image-size", paramLabel = "PX", description = "Render square images of PX pixels instead of the scenario's; the "
            + "classifier cuts a window around the particle, as it does for a microscope's frames.") Integer imageSize;
    @Option(names = "--pixel-size-nm", paramLabel = "NM", description = "Render with pixels of NM instead of the scenario's; the classifier "
            + "resamples them to its model's.") Double pixelSizeNm;
    @Option(names = "--dose", description = "Render with this dose (expected counts per pixel per nm of gold) instead of the scenario's; "
            + "the classifier scales the counts to its model's.") Double dose;
    @Option(names = "--dose-unstated", description = "Serve the images without their dose, as a detector without a calibration gives "
            + "them: the CNN reads the dose off the film in the frame's border, the fit fits it.") boolean doseUnstated;
    @Option(names = "--method", defaultValue = "cnn", description = ClassifyMethod.DESCRIPTION + " Default ${DEFAULT-VALUE}.")
    ClassifyMethod method;
    @Option(names = "--fit-turn", description = ClassifyMethod.TURN_DESCRIPTION) boolean fitTurn;
    @Option(names = "--cache", defaultValue = ".stem/datasets", description = "Dataset cache folder (default ${DEFAULT-VALUE}).") Path cache;
    @Option(names = "--json", paramLabel = "FILE", description = "Write task, accuracy, ci95, count, confusion, model as JSON.") File json;

    @Override
    public Integer call() throws Exception {
        task = task(spec, task);
        if (!task.endsWith("-multi") && OptionChecks.given(spec, "--views")) {
            throw OptionChecks.invalid(spec, "--views applies to a -multi task (e.g. " + task + "-multi); " + task + " scores single images");
        }
        OptionChecks.atLeast(spec, "--count", count, 1);
        OptionChecks.atLeast(spec, "--views", views, 1);
        if (scenario == null) {
            scenario = task.startsWith("T4") ? SHAPES_SCENARIO : DEFAULT_SCENARIO;
        }
        OptionChecks.scenario(spec, "--scenario", scenario);
        java.util.function.UnaryOperator<org.stemstream.simulator.SimulationSpec> conditions = conditions();
        if (conditions != null && task.endsWith("-multi")) {
            throw OptionChecks.invalid(spec, "--image-size, --pixel-size-nm, --dose and --dose-unstated apply to single-image tasks, not " + task);
        }
        if (imageSize != null && 2L * count * imageSize * imageSize > Runtime.getRuntime().maxMemory() / 3) {
            // the rendered counts are held as 16-bit values until they are scored
            throw OptionChecks.invalid(spec, count + " images of " + imageSize + " x " + imageSize + " need " + (2L * count * imageSize * imageSize >> 20)
                    + " MiB, over a third of the heap (" + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): lower --count or --image-size,"
                    + " or raise -Xmx with STEM_JAVA_OPTS");
        }
        JsonOutput.check(spec, json);
        ClassifyMethod.check(spec, method, fitTurn, "--model", "--tta");
        String modelDir;
        ProbabilityModel scorer;
        if (method == ClassifyMethod.fit) {
            scorer = ClassifyMethod.fitModel(fitTurn);
            modelDir = "physics fit";
        } else {
            Path folder = model != null ? model : org.stemstream.deploy.LocalPipeline.defaultModels();
            Path dir = org.stemstream.consumers.cnn.ModelFolder.best(folder)
                    .orElseThrow(() -> new IllegalArgumentException("no model in " + folder)).dir();
            scorer = CnnModel.load(dir, tta);
            modelDir = dir.toString();
        }
        String single = task.replace("-multi", "");
        List<String> answered = scorer.metadata().tasks().stream().map(ModelMetadata.TaskHead::task).toList();
        if (!answered.contains(single)) {
            throw new IllegalArgumentException("model " + scorer.name() + " " + scorer.version() + " does not answer " + single + "; it answers " + answered);
        }
        Object trainingSeed = scorer.metadata().training() == null ? null : scorer.metadata().training().get("seed");
        if (trainingSeed != null && Long.parseLong(trainingSeed.toString()) == seed) {
            spec.commandLine().getErr().println("warning: seed " + seed + " is the model's training seed; the score is not held-out");
        }
        TaskScore score;
        TaskScore singleView = null;
        List<TaskScore> byHidden = List.of();
        long start;
        double seconds;
        int images;
        if (task.endsWith("-multi")) {
            MultiViewEvaluation.Result r;
            try (BarProgress progress = new BarProgress()) {
                start = System.nanoTime();
                r = MultiViewEvaluation.evaluate(scorer, single, scenario, count, views, seed, (done, total) -> progress.update("render views", done, total));
            }
            seconds = (System.nanoTime() - start) / 1e9;
            score = r.fused();
            singleView = r.singleView();
            images = count * views;
            System.out.printf("%s from single views of the same particles: %.2f %% (95 %% CI %.2f-%.2f %%), n = %d%n", single,
                    100 * r.singleView().accuracy(), 100 * r.singleView().ci95()[0], 100 * r.singleView().ci95()[1], r.singleView().count());
        } else if (conditions != null) {
            LabelledImages labelled;
            var sampler = org.stemstream.simulator.Scenarios.named(scenario);
            java.util.function.IntFunction<org.stemstream.simulator.SimulationSpec> specs =
                    i -> conditions.apply(sampler.sample(org.stemstream.simulator.RandomStreams.childSeed(seed, i)));
            try (BarProgress progress = new BarProgress()) {
                labelled = DatasetCache.render(scenario, seed, count, specs, (done, total) -> progress.update("render", done, total));
            }
            org.stemstream.simulator.SimulationSpec first = specs.apply(0);
            start = System.nanoTime();
            float[][][] probabilities;
            try (BarProgress progress = new BarProgress()) {
                probabilities = Evaluator.probabilities(scorer, labelled, first.pixelSizeNm(), doseUnstated ? null : first.imaging().dose(), progress);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            score = Evaluator.task(Evaluator.score(scorer.metadata(), probabilities, labelled), task);
            byHidden = byHiddenCuts(scorer, probabilities, labelled);
            images = labelled.count();
        } else {
            LabelledImages labelled;
            try (BarProgress progress = new BarProgress()) {
                labelled = DatasetCache.load(cache, scenario, count, seed, (done, total) -> progress.update("render", done, total));
            }
            start = System.nanoTime();
            float[][][] probabilities;
            try (BarProgress progress = new BarProgress()) {
                probabilities = Evaluator.probabilities(scorer, labelled, progress);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            score = Evaluator.task(Evaluator.score(scorer.metadata(), probabilities, labelled), task);
            byHidden = byHiddenCuts(scorer, probabilities, labelled);
            images = labelled.count();
        }
        if (score.count() == 0) {
            throw new IllegalStateException("none of the " + images + " images of " + scenario + " is labelled for " + single);
        }
        System.out.printf("%s on %s: accuracy %.2f %% (95 %% CI %.2f-%.2f %%), n = %d of %d images; model %s %s%n", task, scenario,
                100 * score.accuracy(), 100 * score.ci95()[0], 100 * score.ci95()[1], score.count(), images,
                scorer.name(), scorer.version() + (scorer instanceof CnnModel cnn ? " (" + cnn.precision() + ")" : "")
                        + (tta && scorer instanceof org.stemstream.consumers.ImageModel m ? ", " + m.testTimeAugmentation() : ""));
        System.out.println("confusion (rows: truth, columns: predicted) " + score.classes());
        for (int r = 0; r < score.confusion().length; r++) {
            StringBuilder row = new StringBuilder(String.format("%16s", score.classes().get(r)));
            for (long v : score.confusion()[r]) {
                row.append(String.format(" %6d", v));
            }
            System.out.println(row);
        }
        if (!byHidden.isEmpty()) {
            StringBuilder line = new StringBuilder(task + " by cut corners hidden inside the outline (there a cut is a thickness deficit, not a notch):");
            for (int h = 0; h < byHidden.size(); h++) {
                TaskScore s = byHidden.get(h);
                line.append(String.format(" %d: %s (n %d)%s", h, s.count() == 0 ? "-" : String.format("%.2f %%", 100 * s.accuracy()), s.count(),
                        h + 1 < byHidden.size() ? "," : ""));
            }
            System.out.println(line);
        }
        long truthClasses = java.util.Arrays.stream(score.confusion()).filter(row -> java.util.Arrays.stream(row).sum() > 0).count();
        if (truthClasses == 1) {
            spec.commandLine().getErr().println("warning: every scored " + (task.endsWith("-multi") ? "particle" : "image") + " of " + scenario + " is of one class, so the score says nothing of telling "
                    + "the classes apart" + (single.equals("T4") ? " (T4 is scored on " + SHAPES_SCENARIO + " by default)" : ""));
        }
        System.out.printf("%s: %.0f images/s%n", task.endsWith("-multi") ? "rendering and inference" : "inference with preprocessing", images / seconds);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("task", task);
        figures.put("accuracy", score.accuracy());
        figures.put("ci95", score.ci95());
        figures.put("count", score.count());
        figures.put("confusion", score.confusion());
        figures.put("classes", score.classes());
        figures.put("model", modelDir);
        figures.put("method", method.name());
        figures.put("modelName", scorer.name());
        figures.put("modelVersion", scorer.version());
        figures.put("precision", scorer instanceof CnnModel cnn ? cnn.precision() : null);
        figures.put("allSymmetries", tta);
        figures.put("scenario", scenario);
        if (conditions != null) {
            Map<String, Object> asked = new LinkedHashMap<>();
            asked.put("imageSize", imageSize);
            asked.put("pixelSizeNm", pixelSizeNm);
            asked.put("dose", dose);
            asked.put("doseStated", !doseUnstated);
            figures.put("conditions", asked);
        }
        figures.put("seed", seed);
        figures.put(task.endsWith("-multi") ? "renderAndInferenceImagesPerSecond" : "inferenceImagesPerSecond", images / seconds);
        if (!byHidden.isEmpty()) {
            List<Map<String, Object>> groups = new java.util.ArrayList<>();
            for (int h = 0; h < byHidden.size(); h++) {
                TaskScore s = byHidden.get(h);
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("hiddenCuts", h);
                g.put("accuracy", s.count() == 0 ? null : s.accuracy());
                g.put("ci95", s.ci95());
                g.put("count", s.count());
                groups.add(g);
            }
            figures.put("byHiddenCuts", groups);
        }
        if (task.endsWith("-multi")) {
            figures.put("views", views);
            figures.put("particles", count);
            figures.put("singleView", Map.of("accuracy", singleView.accuracy(), "ci95", singleView.ci95(), "count", singleView.count(),
                    "confusion", singleView.confusion()));
        }
        JsonOutput.write(json, figures);
        return 0;
    }

    /**
     * The task's scores among cuboids with 0, 1 and 2 cut corners inside the outline, for T1-T3 on
     * images whose corners are known; empty otherwise.
     */
    private List<TaskScore> byHiddenCuts(ProbabilityModel scorer, float[][][] probabilities, LabelledImages labelled) {
        if (task.equals("T4")) {
            return List.of();
        }
        List<TaskScore> groups = Evaluator.byHiddenCuts(scorer.metadata(), probabilities, labelled, task);
        return groups.stream().mapToLong(TaskScore::count).sum() == 0 ? List.of() : groups;
    }

    /** The rendering conditions asked for instead of the scenario's, or null for none. */
    private java.util.function.UnaryOperator<org.stemstream.simulator.SimulationSpec> conditions() {
        if (imageSize == null && pixelSizeNm == null && dose == null && !doseUnstated) {
            return null;
        }
        if (imageSize != null) {
            OptionChecks.between(spec, "--image-size", imageSize, 16, org.stemstream.schemas.Pixels.MAX_SIDE);
        }
        if (pixelSizeNm != null) {
            OptionChecks.positive(spec, "--pixel-size-nm", pixelSizeNm);
        }
        if (dose != null) {
            OptionChecks.positive(spec, "--dose", dose);
        }
        return s -> {
            var i = s.imaging();
            return s.withRaster(imageSize != null ? imageSize : s.width(), imageSize != null ? imageSize : s.height(),
                            pixelSizeNm != null ? pixelSizeNm : s.pixelSizeNm())
                    .withImaging(dose == null ? i : new org.stemstream.simulator.Imaging(i.probeSigmaNm(), dose, i.carbon(), i.readNoiseSigma(), i.scanJitterPx()));
        };
    }

    /** {@code value} as the task it names (T1..T4, optionally -multi; any case), or a refusal that lists them. */
    static String task(CommandSpec spec, String value) {
        String t = value.strip().toUpperCase(java.util.Locale.ROOT).replace("-MULTI", "-multi");
        if (!LabelledImages.TASKS.contains(t.replace("-multi", "")) || t.indexOf("-multi") != t.lastIndexOf("-multi")) {
            throw OptionChecks.invalid(spec, "--task must be one of " + String.join(", ", LabelledImages.TASKS)
                    + ", or one of them with -multi (e.g. T2-multi); got " + value);
        }
        return t;
    }
}
