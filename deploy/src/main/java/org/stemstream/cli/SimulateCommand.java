package org.stemstream.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.tools.SimulateTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Renders N images of a scenario into a folder, with a labels file: no Kafka involved. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Render images of a scenario to a folder (PNG + 16-bit TIFF each, or NumPy arrays) with labels.jsonl.")
final class SimulateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--scenario", defaultValue = "seed-benchmark", description = "Scenario (default ${DEFAULT-VALUE}).") String scenario;
    @Option(names = "--count", defaultValue = "16", description = "Images to render (default ${DEFAULT-VALUE}).") int count;
    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--out", required = true, description = "Output folder.") Path out;
    @Option(names = "--threads", description = "Render threads (default: all cores).") Integer threads;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures (count, seconds, images/s) as JSON.") File json;
    @Option(names = "--format", defaultValue = "files", description = "files: a PNG (for people) and a 16-bit TIFF (the counts) per "
            + "image; npy: images.npy, float32 counts of shape (count, height, width), and targets.npy, int32 of shape (count, 4): "
            + "T1 deformed 1/0, T2 deformed corners, T3 arrangement of two (0 edge, 1 face diagonal, 2 body diagonal; -1 otherwise), "
            + "T4 shape (0 cuboid, 1 pyramid, 2 sphere), for numpy.load (default ${DEFAULT-VALUE}).") String format;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast(spec, "--count", count, 1);
        if (threads != null) {
            OptionChecks.atLeast(spec, "--threads", threads, 1);
        }
        OptionChecks.scenario(spec, "--scenario", scenario);
        if (java.nio.file.Files.isRegularFile(out)) {
            throw OptionChecks.invalid(spec, "--out " + out + " is a file; give the folder to write the images to");
        }
        JsonOutput.check(spec, json);
        SimulateTool.Format written = switch (format) {
            case "files" -> SimulateTool.Format.FILES;
            case "npy" -> SimulateTool.Format.NPY;
            default -> throw OptionChecks.invalid(spec, "--format must be files or npy, got " + format);
        };
        SimulateTool.Summary s;
        try (ProgressBar bar = new ProgressBar("rendered", count)) {
            s = SimulateTool.run(Scenarios.named(scenario), count, seed, out, bar::stepTo,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), written);
        }
        System.out.printf("%d images of %s in %s (%.1f images/s), labels in %s%n", s.count(), scenario, s.outDir(), s.imagesPerSecond(), s.labels());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("scenario", scenario);
        figures.put("count", s.count());
        figures.put("seed", seed);
        figures.put("seconds", s.seconds());
        figures.put("imagesPerSecond", s.imagesPerSecond());
        JsonOutput.write(json, figures);
        return 0;
    }
}
