package org.stemstream.simulator.tools;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-thread throughput of the simulator on seed-benchmark particles: sampling, projection and,
 * with noise, blur + carbon film + Poisson counts. Sizes other than 128 keep the 32 nm field of
 * view (pixel size 32 nm / size), so a 256 x 256 image has four times the rays. A warm-up of half
 * the measuring time runs first, so the JIT has compiled the hot loops. Besides the wall-clock
 * rate, the rate per second of this thread's CPU time is reported: on a shared machine it is the
 * steadier figure of the two.
 */
public final class SimulatorBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorBenchmark.class);
    private static final double FIELD_OF_VIEW_NM = 32;

    /** One measurement; {@code imagesPerCpuSecond} is NaN where thread CPU time is unavailable. */
    public record Result(int size, boolean withNoise, long images, double seconds, double imagesPerSecond,
                         double millisPerImage, double imagesPerCpuSecond) {
    }

    private SimulatorBenchmark() {
    }

    public static Result run(int size, boolean withNoise, double seconds) {
        checkSeconds(seconds);
        Scenario scenario = Scenarios.named("seed-benchmark");
        measure(scenario, size, withNoise, seconds / 2);
        Result r = measure(scenario, size, withNoise, seconds);
        LOG.info("simulator {}x{} {}: {} images/s ({} ms per image), {} images per CPU second", size, size,
                withNoise ? "with noise" : "bare", String.format("%.0f", r.imagesPerSecond()),
                String.format("%.3f", r.millisPerImage()), String.format("%.0f", r.imagesPerCpuSecond()));
        return r;
    }

    /**
     * The library on {@code threads} threads at once, each as {@link #run} measures one (after the
     * same warm-up), all measuring over the same time: the baseline of a pool of that many render
     * threads on this machine, where threads may slow each other (shared cores, caches, clock).
     * {@code images} and {@code imagesPerSecond} are the threads' together; {@code millisPerImage}
     * is one thread's time per image (threads x seconds / images); {@code imagesPerCpuSecond} is per
     * second of their CPU time together.
     */
    public static Result runParallel(int size, boolean withNoise, double seconds, int threads) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException(threads + " threads: at least 1");
        }
        if (threads == 1) {
            return run(size, withNoise, seconds);
        }
        checkSeconds(seconds);
        Scenario scenario = Scenarios.named("seed-benchmark");
        CyclicBarrier measuring = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Result>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seedBase = (long) t << 40; // each thread its own particles
                results.add(pool.submit(() -> {
                    measure(scenario, size, withNoise, seconds / 2, seedBase);
                    measuring.await();
                    return measure(scenario, size, withNoise, seconds, seedBase);
                }));
            }
            long images = 0;
            double wall = 0;
            double cpuSeconds = 0;
            for (Future<Result> f : results) {
                Result r = f.get();
                images += r.images();
                wall = Math.max(wall, r.seconds());
                cpuSeconds += r.images() / r.imagesPerCpuSecond();
            }
            return new Result(size, withNoise, images, wall, images / wall, 1e3 * wall * threads / images, images / cpuSeconds);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark thread failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void checkSeconds(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("benchmark time " + seconds + " s must be positive");
        }
    }

    private static Result measure(Scenario scenario, int size, boolean withNoise, double seconds) {
        return measure(scenario, size, withNoise, seconds, 0);
    }

    private static Result measure(Scenario scenario, int size, boolean withNoise, double seconds, long seedBase) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long budget = (long) (seconds * 1e9);
        long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        long images = 0;
        double checksum = 0;
        long elapsed;
        do {
            SimulationSpec spec = scenario.sample(seedBase + images).withRaster(size, size, FIELD_OF_VIEW_NM / size);
            Image clean = Simulator.project(spec);
            Image out = withNoise ? Simulator.applyNoise(clean, spec.imaging(), spec.pixelSizeNm(), spec.seed()).image()
                    : clean;
            checksum += out.get(size / 2, size / 2);
            images++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
        double s = elapsed / 1e9;
        if (Double.isNaN(checksum)) {
            LOG.warn("NaN in benchmark images");
        }
        return new Result(size, withNoise, images, s, images / s, 1e3 * s / images, images / cpuSeconds);
    }
}
