package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.stemstream.consumers.train.LabelledImages;

/**
 * Inference speed of a model on labelled images (a benchmark, not a test): images/s of the
 * network alone on preprocessed inputs, and of preprocessing plus network from detector counts,
 * with {@code streams} model copies working on separate batches at once.
 */
public final class InferenceBenchmark {
    private InferenceBenchmark() {
    }

    /** One measurement: images per second and the wall time it took. */
    public record Result(String mode, int streams, int batch, long images, double seconds, double imagesPerSecond) {
    }

    /** Runs each mode for about {@code seconds} after a warm-up of half that. */
    public static List<Result> run(CnnModel model, LabelledImages images, int batch, int streams, double seconds) throws Exception {
        Preprocessing pre = model.metadata().preprocessing();
        int area = pre.outputSize() * pre.outputSize();
        int n = images.count();
        List<float[]> pixels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pixels.add(images.image(i));
        }
        float[] inputs = new float[n * area];
        for (int i = 0; i < n; i++) {
            pre.applyInto(pixels.get(i), images.width(), images.height(), inputs, i * area);
        }
        List<CnnModel> copies = new ArrayList<>();
        copies.add(model);
        for (int s = 1; s < streams; s++) {
            copies.add(model.copy());
        }
        List<Result> out = new ArrayList<>();
        out.add(measure("network", copies, batch, seconds, (m, start) -> {
            int b = Math.min(batch, n - start);
            m.probabilitiesOfInputs(java.util.Arrays.copyOfRange(inputs, start * area, (start + b) * area), b);
            return b;
        }, n));
        out.add(measure("preprocessing+network", copies, batch, seconds, (m, start) -> {
            int b = Math.min(batch, n - start);
            m.probabilities(pixels.subList(start, start + b));
            return b;
        }, n));
        return out;
    }

    private interface Step {
        int run(CnnModel model, int start);
    }

    private static Result measure(String mode, List<CnnModel> models, int batch, double seconds, Step step, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(models.size());
        try {
            runFor(pool, models, batch, seconds / 2, step, n); // warm-up: JIT, oneDNN primitives, workspaces
            long t0 = System.nanoTime();
            long done = runFor(pool, models, batch, seconds, step, n);
            double wall = (System.nanoTime() - t0) / 1e9;
            return new Result(mode, models.size(), batch, done, wall, done / wall);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long runFor(ExecutorService pool, List<CnnModel> models, int batch, double seconds, Step step, int n) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<Long>> futures = new ArrayList<>();
        for (int s = 0; s < models.size(); s++) {
            CnnModel m = models.get(s);
            int first = (s * batch) % n;
            futures.add(pool.submit(() -> {
                long images = 0;
                int start = first;
                while (System.nanoTime() < deadline) {
                    images += step.run(m, start);
                    start = start + batch >= n ? 0 : start + batch;
                }
                return images;
            }));
        }
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        return total;
    }
}
