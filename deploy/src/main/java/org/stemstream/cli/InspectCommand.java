package org.stemstream.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.stemstream.consumers.cnn.AcquisitionAdapter;
import org.stemstream.consumers.cnn.ModelFolder;
import org.stemstream.consumers.cnn.ModelMetadata;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.DroppedFile;
import org.stemstream.producers.feed.FeedFolder;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.producers.feed.Sidecar;
import org.stemstream.schemas.avro.StemImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stem inspect}: what the feed would make of image files, without Kafka and without a
 * model: each file's format, size, frames, samples and own calibration, and the images it would
 * publish (pixel size and where it came from, binning, object id), or why it would refuse it, and
 * whether the served model takes their pixel size. For
 * a microscopist checking a folder before pointing the feed at it.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show what the acquisition feed would read from image files (TIFF, PNG, DM3/DM4, MRC, Velox EMD), or why it "
                + "would refuse them: format, size, frames, samples, the file's own pixel size, and the images it would publish "
                + "(pixel size and where it comes from: sidecar, file or --pixel-size-nm; binning; object id), and whether the "
                + "classifier's model would take their pixel size. Exit code 1 when a file would be refused, by the feed or by the classifier."})
final class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ImageFiles input;
    @Option(names = "--json", paramLabel = "FILE", description = "Write what was found, file by file, as JSON.") File json;
    @Option(names = "--models", paramLabel = "DIR", defaultValue = "${env:STEM_MODELS}", description = "The model whose limits each file is "
            + "checked against, as classify takes it (env STEM_MODELS; default: the shipped models/ folder).") Path models;

    /** The served model's training conditions, when it states them: a frame too coarse for it is refused by the classifier. */
    private ModelMetadata.Acquisition model;

    @Override
    public Integer call() throws Exception {
        input.check(spec);
        JsonOutput.check(spec, json);
        PrintStream out = System.out;
        Path folder = models != null ? models : LocalPipeline.defaultModels();
        try {
            // without --models, a missing shipped folder (a copied launcher) only skips the check
            var best = models == null && !Files.isDirectory(folder) ? Optional.<ModelFolder.Candidate>empty() : ModelFolder.best(folder);
            model = best.isEmpty() ? null : ModelMetadata.read(best.get().dir().resolve(ModelMetadata.FILE)).acquisition();
        } catch (IOException | RuntimeException e) {
            throw OptionChecks.invalid(spec, "--models: " + e.getMessage());
        }
        if (model == null) {
            out.println("no model's conditions in " + folder + ": the classifier's limits are not checked");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        int refused = 0;
        for (Path file : input.list(spec)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("file", file.toString());
            try {
                inspect(file, item);
                out.println(line(item));
            } catch (RejectedFileException | IOException e) {
                refused++;
                item.put("refused", e.getMessage());
                out.println(file + ": refused: " + e.getMessage());
            }
            items.add(item);
        }
        long tooCoarse = items.stream().filter(i -> i.containsKey("classifierRefuses")).count();
        out.printf("%d file(s): %d readable, %d refused%s%n", items.size(), items.size() - refused, refused,
                tooCoarse == 0 ? "" : "; the classifier would refuse " + tooCoarse + " of the readable");
        if (json != null) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("files", items.size());
            figures.put("refused", refused);
            figures.put("classifierRefuses", tooCoarse);
            figures.put("items", items);
            JsonOutput.write(json, figures);
        }
        return refused == 0 && tooCoarse == 0 ? 0 : 1;
    }

    /** The file as the feed reads it, decoded once: what it holds, and the images it becomes. */
    private void inspect(Path file, Map<String, Object> item) throws IOException, RejectedFileException {
        DroppedFile dropped = DroppedFile.read(file, FeedFolder.sidecarOf(file), AcquiredImages.MAX_FILE_BYTES);
        item.put("sidecar", dropped.sidecar().map(Path::toString).orElse(null));
        Sidecar sidecar = AcquiredImages.sidecar(dropped, input.darkCounts);
        AcquiredImages.Decoded decoded = AcquiredImages.decode(dropped);
        item.put("format", decoded.format());
        item.put("width", decoded.image().width());
        item.put("height", decoded.image().height());
        item.put("frames", decoded.frames().size());
        item.put("bitsPerSample", decoded.bitsPerSample());
        item.put("fileCalibrationNm", decoded.pixelSizeNm());
        List<StemImage> images = AcquiredImages.toStemImages(dropped.imageId(), dropped.name(), decoded, sidecar,
                input.defaultPixelSizeNm(), "inspect", Instant.now());
        StemImage first = images.get(0);
        Map<String, Double> provenance = first.getProvenance().get(0).getParameters();
        item.put("pixelSizeNm", first.getPixelSizeNm());
        item.put("pixelSizeFrom", sidecar.pixelSizeNm() != null ? "sidecar" : decoded.pixelSizeNm() != null ? "file" : "--pixel-size-nm");
        item.put("binned", provenance.getOrDefault("binned", 1.0).intValue());
        item.put("publishedWidth", first.getWidth());
        item.put("publishedHeight", first.getHeight());
        item.put("encoding", first.getEncoding().name());
        item.put("objectId", first.getObjectId());
        item.put("countsPerNmGold", first.getImaging() == null ? null : first.getImaging().getDose());
        item.put("darkCounts", provenance.getOrDefault("darkCounts", 0.0));
        if (model != null) {
            AcquisitionAdapter.tooCoarse(first.getPixelSizeNm(), model).ifPresent(why -> item.put("classifierRefuses", why));
        }
    }

    private static String line(Map<String, Object> i) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %s, %sx%s%s, %s-bit; ", i.get("file"),
                String.valueOf(i.get("format")).toUpperCase(Locale.ROOT), i.get("width"), i.get("height"),
                (int) i.get("frames") > 1 ? " x " + i.get("frames") + " frames" : "", i.get("bitsPerSample")));
        s.append(i.get("fileCalibrationNm") == null ? "no calibration in the file" : String.format(Locale.ROOT, "calibrated %.4g nm", i.get("fileCalibrationNm")));
        int frames = (int) i.get("frames");
        s.append(String.format(Locale.ROOT, " -> %s of %sx%s %s at %.4g nm (from the %s)", frames > 1 ? frames + " images" : "an image",
                i.get("publishedWidth"), i.get("publishedHeight"), i.get("encoding"), i.get("pixelSizeNm"), i.get("pixelSizeFrom")));
        if ((int) i.get("binned") > 1) {
            s.append(", binned ").append(i.get("binned")).append('x').append(i.get("binned"));
        }
        s.append(", object ").append(i.get("objectId"));
        if (i.get("classifierRefuses") != null) {
            s.append("; the classifier would refuse it: ").append(i.get("classifierRefuses"));
        }
        return s.toString();
    }
}
