package org.stemstream.simulator.tools;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("benchmark time " + seconds + " s must be positive");
        }
        Scenario scenario = Scenarios.named("seed-benchmark");
        measure(scenario, size, withNoise, seconds / 2);
        Result r = measure(scenario, size, withNoise, seconds);
        LOG.info("simulator {}x{} {}: {} images/s ({} ms per image), {} images per CPU second", size, size,
                withNoise ? "with noise" : "bare", String.format("%.0f", r.imagesPerSecond()),
                String.format("%.3f", r.millisPerImage()), String.format("%.0f", r.imagesPerCpuSecond()));
        return r;
    }

    private static Result measure(Scenario scenario, int size, boolean withNoise, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long budget = (long) (seconds * 1e9);
        long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        long images = 0;
        double checksum = 0;
        long elapsed;
        do {
            SimulationSpec spec = scenario.sample(images).withRaster(size, size, FIELD_OF_VIEW_NM / size);
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
