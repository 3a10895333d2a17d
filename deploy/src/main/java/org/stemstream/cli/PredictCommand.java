package org.stemstream.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stemstream.consumers.ImageModel;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ModelFolder;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.DroppedFile;
import org.stemstream.producers.feed.FeedFolder;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.producers.feed.Sidecar;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ParticlePrediction;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;
import org.stemstream.streams.FuseFunction;
import org.stemstream.streams.FuseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stem predict}: classifies image files straight off the disk, without Kafka, as the
 * classifier consumer would classify them had the feed published them (the same decoding, the
 * same sidecar, the same model and windows). For a folder of acquisitions that does not need the
 * pipeline.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify image files (TIFF, PNG, DM3/DM4, MRC, Velox EMD) without Kafka: each image is read as the feed "
                + "reads it (with its sidecar <name>.json, if any, and its own calibration; see stem feed --help) and answered as the "
                + "classifier answers it. One line per image (per frame of a stack) on the console; with --out, one JSON object per "
                + "image (every task's probabilities, and each particle of a frame that shows several). A stack's frames, and images "
                + "whose sidecars give one objectId (views of one particle), are also answered together, fused as the fusion stage "
                + "fuses them."})
final class PredictCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelOptions modelOptions;

    @Mixin ImageFiles input;
    @Option(names = "--method", defaultValue = "${env:STEM_CLASSIFY_METHOD:-cnn}", description = ClassifyMethod.DESCRIPTION
            + " (env STEM_CLASSIFY_METHOD; default ${DEFAULT-VALUE})") ClassifyMethod method;
    @Option(names = "--fit-turn", description = ClassifyMethod.TURN_DESCRIPTION) boolean fitTurn;
    @Option(names = "--tta", description = ModelOptions.TTA)
    boolean tta;
    @Option(names = "--batch", defaultValue = "32", description = "Images per inference batch (default ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--out", paramLabel = "FILE", description = "Write one JSON object per image, and per object of several images, to FILE (JSON lines).") File out;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures (files, images, scored, failed, seconds, images/s, model) as JSON.")
    File json;

    /** A file that could not be read or scored, and why. */
    private record Failure(Path file, String reason) {
    }

    private PrintStream console;
    private Writer lines;
    private final List<Failure> failures = new ArrayList<>();
    /** The scored views of each object id, in file order: an object of several is fused as the fusion stage fuses it. */
    private final Map<ObjectKey, List<Classification>> objects = new LinkedHashMap<>();

    /**
     * An object's views: by the object id a sidecar names, in any folder; an object id that the
     * file gives itself (its name and the tag of its bytes, with its sample id:
     * {@link Sidecar#objectIdFor}) stands for that folder's file alone, so that copies of one file
     * in {@code a/} and {@code b/} are two objects, and a stack's frames one.
     */
    private record ObjectKey(String objectId, Path folder) {
        static ObjectKey of(Path file, StemImage image) {
            boolean named = !Sidecar.isFileObjectId(image.getObjectId(), file.getFileName().toString());
            return new ObjectKey(image.getObjectId(), named ? null : file.toAbsolutePath().getParent());
        }
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast(spec, "--batch", batch, 1);
        input.check(spec);
        ClassifyMethod.check(spec, method, fitTurn, "--models", "--model-scan-interval", "--tta");
        JsonOutput.check(spec, json);
        if (out != null) {
            OptionChecks.writableFile(spec, "--out", out.toPath());
        }
        List<Path> files = input.list(spec);
        ImageModel model;
        if (method == ClassifyMethod.fit) {
            model = ClassifyMethod.fitModel(fitTurn);
        } else {
            modelOptions.check(spec);
            model = CnnModel.load(ModelFolder.best(modelOptions.folder()).orElseThrow().dir(), tta);
        }
        console = System.out;
        console.printf("%d image file(s); model %s %s%n", files.size(), model.name(), model.version());
        int scored = 0;
        long start = System.nanoTime();
        try (Writer writer = out == null ? Writer.nullWriter() : Files.newBufferedWriter(out.toPath(), StandardCharsets.UTF_8)) {
            lines = writer;
            List<Path> pending = new ArrayList<>();
            List<StemImage> images = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                try {
                    for (StemImage frame : read(file)) { // a stack's frames, else the image
                        images.add(frame);
                        pending.add(file);
                    }
                } catch (RejectedFileException | IOException e) {
                    report(new Failure(file, e.getMessage()));
                }
                while (images.size() >= batch || i == files.size() - 1 && !images.isEmpty()) {
                    int n = Math.min(batch, images.size());
                    scored += answer(model, new ArrayList<>(pending.subList(0, n)), new ArrayList<>(images.subList(0, n)));
                    pending.subList(0, n).clear();
                    images.subList(0, n).clear();
                }
            }
            fuseObjects();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        console.printf("%d scored, %d failed, in %.1f s (%.1f images/s)%s%n", scored, failures.size(), seconds, scored / seconds,
                out == null ? "" : "; answers written to " + out);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("files", files.size());
        figures.put("images", scored + failures.size()); // a stack's frames are images of their own
        figures.put("scored", scored);
        figures.put("failed", failures.size());
        figures.put("objectsFused", objects.values().stream().filter(v -> v.size() > 1).count());
        figures.put("seconds", seconds);
        figures.put("imagesPerSecond", scored / seconds);
        figures.put("modelName", model.name());
        figures.put("modelVersion", model.version());
        JsonOutput.write(json, figures);
        return failures.isEmpty() ? 0 : 1;
    }

    /** The file as the feed would publish it: its image, or its stack's frames. */
    private List<StemImage> read(Path file) throws IOException, RejectedFileException {
        return AcquiredImages.of(DroppedFile.read(file, FeedFolder.sidecarOf(file), AcquiredImages.MAX_FILE_BYTES),
                input.defaultPixelSizeNm(), input.darkCounts, "predict", Instant.now());
    }

    /**
     * Answers a batch; when the batch fails (an image the model refuses, such as one of pixels too
     * coarse), each image is answered alone so that only the bad one fails. Returns the number scored.
     */
    private int answer(ImageModel model, List<Path> files, List<StemImage> images) throws IOException {
        List<ImageModel.Answer> answers;
        try {
            answers = model.answer(images);
        } catch (IllegalArgumentException e) {
            if (images.size() == 1) {
                report(new Failure(files.get(0), label(files.get(0), images.get(0)) + ": " + e.getMessage()));
                return 0;
            }
            int scored = 0;
            for (int i = 0; i < images.size(); i++) {
                scored += answer(model, files.subList(i, i + 1), images.subList(i, i + 1));
            }
            return scored;
        }
        for (int i = 0; i < images.size(); i++) {
            report(files.get(i), images.get(i), answers.get(i), model);
        }
        return images.size();
    }

    private void report(Failure failure) throws IOException {
        failures.add(failure);
        console.printf("%s: not scored: %s%n", failure.file(), failure.reason());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", failure.file().toString());
        line.put("error", failure.reason());
        writeLine(line);
    }

    private void report(Path file, StemImage image, ImageModel.Answer answer, ImageModel model) throws IOException {
        List<Classification> views = objects.computeIfAbsent(ObjectKey.of(file, image), id -> new ArrayList<>());
        String label = label(file, image);
        views.add(Classification.newBuilder().setImageId(label).setObjectId(image.getObjectId()).setCampaignId(image.getCampaignId())
                .setSource(image.getSource()).setModelName(model.name()).setModelVersion(model.version()).setPredictions(answer.predictions())
                .setLatencyMs(0).setViewIndex(views.size()).build());
        StringBuilder text = new StringBuilder(label).append(':').append(summary(answer.predictions()));
        if (!answer.particles().isEmpty()) {
            text.append("  [").append(answer.particles().size()).append(" particles]");
        }
        console.println(text);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", file.toString());
        if (image.getViewsExpected() > 1) {
            line.put("frame", image.getViewIndex());
            line.put("frames", image.getViewsExpected());
        }
        line.put("objectId", image.getObjectId());
        line.put("model", model.name());
        line.put("modelVersion", model.version());
        line.put("width", image.getWidth());
        line.put("height", image.getHeight());
        line.put("pixelSizeNm", image.getPixelSizeNm());
        line.put("countsPerNmGold", image.getImaging() == null ? null : image.getImaging().getDose());
        line.put("darkCounts", image.getProvenance().get(0).getParameters().getOrDefault("darkCounts", 0.0));
        line.put("predictions", predictions(answer.predictions()));
        List<Map<String, Object>> particles = new ArrayList<>();
        for (ParticlePrediction particle : answer.particles()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("xNm", particle.getXNm());
            p.put("yNm", particle.getYNm());
            p.put("signal", particle.getSignal());
            p.put("predictions", predictions(particle.getPredictions()));
            particles.add(p);
        }
        line.put("particles", particles);
        writeLine(line);
    }

    /**
     * Each object id that several scored images share (their sidecars' objectId: views of one
     * particle, a tilt series) answered once more from all of them, fused as the fusion stage
     * fuses them (summed log-probabilities).
     */
    private void fuseObjects() throws IOException {
        FuseFunction fusion = new FuseFunction(FuseSettings.defaults().epsilon());
        for (Map.Entry<ObjectKey, List<Classification>> object : objects.entrySet()) {
            List<Classification> views = object.getValue();
            if (views.size() < 2) {
                continue;
            }
            List<TaskPrediction> fused = fusion.fuse(views, Instant.now()).getPredictions();
            console.println("object " + object.getKey().objectId() + ", " + views.size() + " views fused:" + summary(fused));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("objectId", object.getKey().objectId());
            line.put("files", views.stream().map(Classification::getImageId).toList());
            line.put("fusion", FuseFunction.METHOD);
            line.put("predictions", predictions(fused));
            writeLine(line);
        }
    }

    /** The file, and for a stack's frame its index: {@code tilt.dm4[3]}. */
    private static String label(Path file, StemImage image) {
        return image.getViewsExpected() > 1 ? file + "[" + image.getViewIndex() + "]" : file.toString();
    }

    /** Each task's answer and its probability, for the console. */
    static String summary(List<TaskPrediction> predictions) {
        StringBuilder text = new StringBuilder();
        for (TaskPrediction p : predictions) {
            text.append(String.format("  %s %s (%.2f)", p.getTask(), p.getPredicted(), p.getProbabilities().get(p.getClasses().indexOf(p.getPredicted()))));
        }
        return text.toString();
    }

    private static Map<String, Object> predictions(List<TaskPrediction> predictions) {
        Map<String, Object> byTask = new LinkedHashMap<>();
        for (TaskPrediction p : predictions) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("predicted", p.getPredicted());
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int c = 0; c < p.getClasses().size(); c++) {
                probabilities.put(p.getClasses().get(c), p.getProbabilities().get(c));
            }
            task.put("probabilities", probabilities);
            byTask.put(p.getTask(), task);
        }
        return byTask;
    }

    private void writeLine(Map<String, Object> line) throws IOException {
        lines.write(JsonOutput.LINES.writeValueAsString(line));
        lines.write('\n');
    }
}
