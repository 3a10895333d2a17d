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
import org.stemstream.simulator.NoisyImage;
import org.stemstream.simulator.RandomStreams;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.io.Json;
import org.stemstream.simulator.io.PixelScaling;
import org.stemstream.simulator.io.PngWriter;
import org.stemstream.simulator.io.TiffWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders {@code count} noisy images of a scenario into a folder: {@code img-NNNNNN.png} (8-bit,
 * stretched, for people), {@code img-NNNNNN.tif} (16-bit counts, the label in its
 * ImageDescription) and {@code labels.jsonl} (one {@link LabelRecord} per line, in index order).
 * Image i uses the seed {@link RandomStreams#childSeed}(seed, i), so the output is identical byte
 * for byte whatever the number of threads.
 */
public final class SimulateTool {

    private static final Logger LOG = LoggerFactory.getLogger(SimulateTool.class);
    public static final String LABELS_FILE = "labels.jsonl";

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
        try (BufferedWriter out = Files.newBufferedWriter(labels, StandardCharsets.UTF_8)) {
            Deque<Future<String>> pending = new ArrayDeque<>();
            int done = 0;
            for (int i = 0; i < count; i++) {
                int index = i;
                if (pool == null) {
                    out.write(renderOne(scenario, seed, index, outDir));
                    out.newLine();
                    progress.accept(++done);
                    continue;
                }
                pending.add(pool.submit(() -> renderOne(scenario, seed, index, outDir)));
                while (pending.size() >= 4 * threads || (i == count - 1 && !pending.isEmpty())) {
                    out.write(await(pending.poll()));
                    out.newLine();
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

    /** Renders and writes image {@code index}; returns its label line. */
    static String renderOne(Scenario scenario, long seed, int index, Path outDir) throws IOException {
        long imageSeed = RandomStreams.childSeed(seed, index);
        SimulationSpec spec = scenario.sample(imageSeed);
        NoisyImage noisy = Simulator.render(spec);
        Image image = noisy.image();
        String png = stem(index) + ".png";
        String tif = stem(index) + ".tif";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("png", png);
        files.put("tiff", tif);
        String label = Json.write(LabelRecord.of(index, scenario.name(), spec, noisy.steps(), files));
        PngWriter.write(image, outDir.resolve(png));
        TiffWriter.write(image, outDir.resolve(tif), PixelScaling.COUNTS, label);
        return label;
    }

    private static String await(Future<String> f) throws IOException {
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
