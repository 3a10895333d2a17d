package org.stemstream.simulator.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.scenario.BenchmarkSettings;
import org.stemstream.simulator.scenario.CuboidScenario;

/**
 * Images per second of {@link CuboidFitter} on seed-benchmark images (rendered before the clock
 * starts), with {@code threads} images fitted side by side; also how many counts it got right, so
 * that a faster fitter that has broken shows.
 */
public final class FitBenchmark {

    /** @param countRight images whose cut corners the fit counted right (T2) */
    public record Result(int threads, int images, double seconds, int countRight) {
        public double imagesPerSecond() {
            return images / seconds;
        }
    }

    private FitBenchmark() {
    }

    /** Fits {@code images} images of seeds {@code seed, seed + 1, ...} after fitting {@code warmUp} others. */
    public static Result run(int images, int threads, long seed, int warmUp) throws Exception {
        CuboidFitter fitter = CuboidFitter.withDefaults();
        for (int i = 0; i < warmUp; i++) {
            fitter.fit(render(seed - 1 - i).counts(), BenchmarkSettings.SIZE, BenchmarkSettings.PIXEL_SIZE_NM, BenchmarkSettings.DOSE);
        }
        List<Rendered> rendered = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            rendered.add(render(seed + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Boolean>> right = new ArrayList<>(images);
            for (Rendered r : rendered) {
                right.add(pool.submit(() -> fitter.fit(r.counts(), BenchmarkSettings.SIZE, BenchmarkSettings.PIXEL_SIZE_NM,
                        BenchmarkSettings.DOSE).likeliestCount() == r.cutCorners()));
            }
            int countRight = 0;
            for (Future<Boolean> f : right) {
                countRight += f.get() ? 1 : 0;
            }
            return new Result(threads, images, (System.nanoTime() - start) / 1e9, countRight);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Rendered(float[] counts, int cutCorners) {
    }

    private static Rendered render(long seed) {
        SimulationSpec spec = CuboidScenario.seedBenchmark().sample(seed);
        return new Rendered(Simulator.render(spec).image().pixels(), Labels.deformedCount(spec.particle()));
    }
}
