package org.stemstream.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ModelFolder;
import org.stemstream.consumers.cnn.ModelMetadata;
import org.stemstream.consumers.train.DatasetCache;
import org.stemstream.consumers.train.Int8Calibration;
import org.stemstream.consumers.train.LabelledImages;
import org.stemstream.deploy.LocalPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stem quantize}: calibrates a trained model's int8 scales on rendered images and writes
 * them into its {@code metadata.json}, so the classifier runs its convolutions in 8-bit integers.
 * The trainer does this itself since stop 37; this is for a model trained before.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Calibrate a model for 8-bit inference: render images of its training scenario, take each convolution's "
                + "largest input on them, and write these scales into the model's metadata.json (\"int8\"). The classifier then "
                + "runs the convolutions in 8-bit integers (the first stays in floats), about twice as fast on a CPU; "
                + "-Dstem.inference.precision=f32 in STEM_JAVA_OPTS serves it in floats again. Prints how many answers "
                + "the integers change on the calibration images. The trainer writes the scales itself."})
final class QuantizeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (model.zip + metadata.json), or a models folder whose "
            + "highest version is taken (default: the shipped models/).") Path model;
    @Option(names = "--scenario", description = "Scenario of the calibration images (default: the one the model was trained on).") String scenario;
    @Option(names = "--count", defaultValue = "" + Int8Calibration.IMAGES, description = "Calibration images (default ${DEFAULT-VALUE}).") int count;
    @Option(names = "--seed", defaultValue = "8000001", description = "Seed of the calibration images (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--cache", defaultValue = ".stem/datasets", description = "Dataset cache folder (default ${DEFAULT-VALUE}).") Path cache;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the scales and the changed answers as JSON.") File json;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast(spec, "--count", count, 1);
        JsonOutput.check(spec, json);
        Path folder = model != null ? model : LocalPipeline.defaultModels();
        Path dir = ModelFolder.best(folder).orElseThrow(() -> OptionChecks.invalid(spec, "--model: no model in " + folder)).dir();
        CnnModel loaded = CnnModel.load(dir);
        String trained = String.valueOf(loaded.metadata().training().getOrDefault("scenario", EvaluateCommand.DEFAULT_SCENARIO));
        String from = scenario != null ? scenario : trained.startsWith("topic:") ? EvaluateCommand.DEFAULT_SCENARIO : trained;
        OptionChecks.scenario(spec, "--scenario", from);
        LabelledImages images;
        try (BarProgress progress = new BarProgress()) {
            images = DatasetCache.load(cache, from, count, seed, (done, total) -> progress.update("render", done, total));
        }
        ModelMetadata.Int8Scales scales = Int8Calibration.of(loaded, images, count, Map.of("scenario", from, "seed", seed));
        if (scales == null) {
            throw new IllegalStateException("model " + loaded.name() + " " + loaded.version() + " is served through DL4J's layers here ("
                    + "engine " + loaded.engine() + "), not on oneDNN directly, so it cannot run in integers");
        }
        ModelMetadata quantised = loaded.metadata().withInt8(scales);
        List<float[]> pixels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pixels.add(images.image(i));
        }
        float[][][] floats = new CnnModel(loaded.graph(), quantised.withInt8(null)).probabilities(pixels);
        CnnModel integers = new CnnModel(loaded.graph(), quantised);
        float[][][] ints = integers.probabilities(pixels);
        quantised.write(dir.resolve(ModelMetadata.FILE));
        System.out.printf("model %s %s (%s): int8 scales from %d %s images (seed %d) written to %s%n", loaded.name(), loaded.version(), dir,
                count, from, seed, dir.resolve(ModelMetadata.FILE));
        System.out.println("each convolution's largest input: " + scales.inputMaxima().stream().map(m -> String.format("%.3f", m)).toList());
        Map<String, Object> changed = new LinkedHashMap<>();
        for (int t = 0; t < quantised.tasks().size(); t++) {
            int differ = 0;
            for (int i = 0; i < count; i++) {
                differ += CnnModel.argmax(floats[t][i]) != CnnModel.argmax(ints[t][i]) ? 1 : 0;
            }
            changed.put(quantised.tasks().get(t).task(), (double) differ / count);
            System.out.printf("%s: %d of %d answers changed by the integers (%.2f %%)%n", quantised.tasks().get(t).task(), differ, count,
                    100.0 * differ / count);
        }
        if (CnnModel.INT8.equals(integers.precision())) {
            System.out.println("served in 8-bit integers from now on; -Dstem.inference.precision=f32 in STEM_JAVA_OPTS serves it in floats");
        } else {
            System.out.println("note: this process serves in " + integers.precision() + " (" + CnnModel.PRECISION_PROPERTY + "), so no answer changed here");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", loaded.name());
        figures.put("modelVersion", loaded.version());
        figures.put("folder", dir.toString());
        figures.put("int8", scales);
        figures.put("changedAnswers", changed);
        figures.put("precision", integers.precision());
        JsonOutput.write(json, figures);
        return 0;
    }
}
