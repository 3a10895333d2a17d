package org.stemstream.simulator.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.NoisyImage;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.RandomStreams;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.io.Json;
import org.stemstream.simulator.io.NpyWriter;
import org.stemstream.simulator.io.PixelScaling;
import org.stemstream.simulator.io.PngWriter;
import org.stemstream.simulator.io.TiffWriter;
import org.stemstream.simulator.scenario.MixedShapes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders {@code count} noisy images of a scenario into a folder, as {@link Format#FILES}
 * {@code img-NNNNNN.png} (8-bit, stretched, for people) and {@code img-NNNNNN.tif} (16-bit counts,
 * the label in its ImageDescription), or as {@link Format#NPY} arrays for NumPy; and
 * {@code labels.jsonl} (one {@link LabelRecord} per line, in index order). Image i uses the seed
 * {@link RandomStreams#childSeed}(seed, i), so the output is identical byte for byte whatever the
 * number of threads.
 */
public final class SimulateTool {

    private static final Logger LOG = LoggerFactory.getLogger(SimulateTool.class);
    public static final String LABELS_FILE = "labels.jsonl";
    /** {@link Format#NPY}'s images: float32 counts, shape (count, height, width). */
    public static final String IMAGES_NPY = "images.npy";
    /**
     * {@link Format#NPY}'s targets: int32, shape (count, 4), the tasks' classes as the trainer
     * numbers them: T1 deformed (1) or not (0); T2 the deformed corners, 0..8; T3 the two deformed
     * corners' arrangement, 0 edge, 1 face diagonal, 2 body diagonal, -1 unless exactly two are
     * deformed; T4 the shape, 0 cuboid, 1 pyramid, 2 sphere.
     */
    public static final String TARGETS_NPY = "targets.npy";

    /** How the images are written. */
    public enum Format {
        /** A PNG and a 16-bit TIFF per image. */
        FILES,
        /** {@link #IMAGES_NPY} and {@link #TARGETS_NPY}: what an ML engineer loads with {@code numpy.load}. */
        NPY
    }

    /** One rendered image, with its label line. */
    private record Rendered(String label, Image image, int[] targets) {
    }

    /** What a run produced. */
    public record Summary(int count, Path outDir, Path labels, double seconds) {
        public double imagesPerSecond() {
            return seconds > 0 ? count / seconds : 0;
        }
    }

    private SimulateTool() {
    }

    /** Renders on all available processors; {@code progress} receives 1..count on the calling thread. */
    public static Summary run(Scenario scenario, int count, long seed, Path outDir, IntConsumer progress)
            throws IOException {
        return run(scenario, count, seed, outDir, progress, Runtime.getRuntime().availableProcessors());
    }

    public static Summary run(Scenario scenario, int count, long seed, Path outDir, IntConsumer progress,
                              int threads) throws IOException {
        return run(scenario, count, seed, outDir, progress, threads, Format.FILES);
    }

    public static Summary run(Scenario scenario, int count, long seed, Path outDir, IntConsumer progress,
                              int threads, Format format) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " < 0");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " < 1");
        }
        Files.createDirectories(outDir);
        Path labels = outDir.resolve(LABELS_FILE);
        long start = System.nanoTime();
        LOG.info("rendering {} images of scenario {} with seed {} on {} threads into {}", count, scenario.name(),
                seed, threads, outDir);
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        boolean npy = format == Format.NPY;
        // a scenario renders one frame size: the arrays' shapes are known before the first image
        SimulationSpec first = scenario.sample(RandomStreams.childSeed(seed, 0));
        try (BufferedWriter out = Files.newBufferedWriter(labels, StandardCharsets.UTF_8);
             NpyWriter images = npy ? NpyWriter.float32(outDir.resolve(IMAGES_NPY), count, first.height(), first.width()) : null;
             NpyWriter targets = npy ? NpyWriter.int32(outDir.resolve(TARGETS_NPY), count, 4) : null) {
            Deque<Future<Rendered>> pending = new ArrayDeque<>();
            int done = 0;
            for (int i = 0; i < count; i++) {
                int index = i;
                if (pool == null) {
                    write(renderOne(scenario, seed, index, outDir, format), first, out, images, targets);
                    progress.accept(++done);
                    continue;
                }
                pending.add(pool.submit(() -> renderOne(scenario, seed, index, outDir, format)));
                while (pending.size() >= 4 * threads || (i == count - 1 && !pending.isEmpty())) {
                    write(await(pending.poll()), first, out, images, targets);
                    progress.accept(++done);
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("rendered {} images in {} s", count, String.format("%.2f", seconds));
        return new Summary(count, outDir, labels, seconds);
    }

    /** The file stem of image {@code index}: img-000042. */
    public static String stem(int index) {
        return String.format("img-%06d", index);
    }

    /** Renders image {@code index}, and writes its files unless they go into arrays. */
    private static Rendered renderOne(Scenario scenario, long seed, int index, Path outDir, Format format) throws IOException {
        long imageSeed = RandomStreams.childSeed(seed, index);
        SimulationSpec spec = scenario.sample(imageSeed);
        NoisyImage noisy = Simulator.render(spec);
        Image image = noisy.image();
        String png = stem(index) + ".png";
        String tif = stem(index) + ".tif";
        Map<String, String> files = new LinkedHashMap<>();
        if (format == Format.FILES) {
            files.put("png", png);
            files.put("tiff", tif);
        }
        String label = Json.write(LabelRecord.of(index, scenario.name(), spec, noisy.steps(), files));
        if (format == Format.FILES) {
            PngWriter.write(image, outDir.resolve(png));
            TiffWriter.write(image, outDir.resolve(tif), PixelScaling.COUNTS, label);
        }
        return new Rendered(label, image, targets(spec.particle()));
    }

    /** The label line, and in {@link Format#NPY} the image and its targets, in index order. */
    private static void write(Rendered r, SimulationSpec first, BufferedWriter labels, NpyWriter images, NpyWriter targets) throws IOException {
        labels.write(r.label());
        labels.newLine();
        if (images != null) {
            if (r.image().width() != first.width() || r.image().height() != first.height()) {
                throw new IllegalStateException("the scenario rendered " + r.image().width() + "x" + r.image().height() + " beside "
                        + first.width() + "x" + first.height() + "; an array's images share one size");
            }
            images.write(r.image().pixels());
            targets.write(r.targets());
        }
    }

    /** The tasks' classes ({@link #TARGETS_NPY}). */
    static int[] targets(Particle p) {
        int k = Labels.deformedCount(p);
        int arrangement = k == 2 ? Labels.arrangement(p).map(Enum::ordinal).orElse(-1) : -1;
        return new int[] {k > 0 ? 1 : 0, k, arrangement, MixedShapes.SHAPES.indexOf(p.shape())};
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("rendering failed", cause);
        }
    }
}
