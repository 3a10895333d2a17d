package org.stemstream.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoolBenchmarkTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theBacklogsFiguresComeFromTheRenderTimerAndTheProcessCpuBetweenTwoSnapshots() {
        // two members over 2 s of wall time: 3 s of rendering in all, 1,000 renders; 3 s of process CPU, 200 ms of JIT;
        // 5 transactions of 1,000 records in all, committed in 250 ms together
        var start = new PoolBenchmark.Snapshot(5.0 * SECOND, 4_000, 1.0 * SECOND, 20, 4_000, new PipelineBenchmark.Usage(10 * SECOND, 7 * SECOND, 900));
        var end = new PoolBenchmark.Snapshot(8.0 * SECOND, 5_000, 1.25 * SECOND, 25, 5_000, new PipelineBenchmark.Usage(12 * SECOND, 10 * SECOND, 1_100));
        PoolBenchmark.Backlog b = PoolBenchmark.Backlog.between(start, end, 2);
        assertThat(b.renderBusy()).isCloseTo(0.75, within(1e-12));          // 3 s / (2 threads x 2 s)
        assertThat(b.renderMillisPerImage()).isCloseTo(3.0, within(1e-12)); // 3,000 ms / 1,000
        assertThat(b.processCpuCores()).isCloseTo(1.5, within(1e-12));
        assertThat(b.compilerCores()).isCloseTo(0.1, within(1e-12));
        assertThat(b.commitMillis()).isCloseTo(50.0, within(1e-9));        // 250 ms / 5
        assertThat(b.imagesPerTransaction()).isCloseTo(200.0, within(1e-9)); // 1,000 / 5
        // 1,000 images in those 2 s (2 threads x 0.75 busy / 3 ms): the efficiency against a library at
        // 200 images/s on 2 threads (10 ms an image a thread) is 500 / 200 = 2.5 = busy 0.75 x 10 ms / 3 ms, as the command prints it
        var r = new PoolBenchmark.Round(new PoolBenchmark.Result(2, 1_000, 2.5, 1_000, 2.0, b), 180, 220);
        assertThat(r.efficiency()).isCloseTo(2.5, within(1e-12));
        assertThat(r.efficiency()).isCloseTo(b.renderBusy() * 10.0 / b.renderMillisPerImage(), within(1e-12));
    }

    @Test
    void noRendersInTheWindowIsNotANumberRatherThanADivisionByZero() {
        var s = new PoolBenchmark.Snapshot(1.0 * SECOND, 10, 0, 3, 30, new PipelineBenchmark.Usage(0, 0, 0));
        var e = new PoolBenchmark.Snapshot(1.0 * SECOND, 10, 0, 3, 30, new PipelineBenchmark.Usage(SECOND, 0, 0));
        assertThat(PoolBenchmark.Backlog.between(s, e, 1).renderMillisPerImage()).isNaN();
        assertThat(PoolBenchmark.Backlog.between(s, e, 1).commitMillis()).isNaN();
        assertThat(PoolBenchmark.Backlog.between(s, e, 1).imagesPerTransaction()).isNaN();
        assertThat(PoolBenchmark.Backlog.between(s, e, 1).renderBusy()).isZero();
    }

    @Test
    void eachRoundIsSetAgainstTheLibraryAroundItAndTheMedianRoundIsTheFigure() {
        // library measured 100, 120, 80, 90 images/s between three rounds of a 1-member pool
        double[] library = {100, 120, 80, 90};
        double[] backlog = {55, 70, 68}; // images/s; each round's 1,000 backlog requests take 1,000 / rate seconds
        var rounds = new java.util.ArrayList<PoolBenchmark.Round>();
        for (int k = 0; k < backlog.length; k++) {
            var idle = new PoolBenchmark.Backlog(1, 1, 1, 0, 10, 200);
            var pool = new PoolBenchmark.Result(1, 1_000, 20, 1_000, 1_000 / backlog[k], idle);
            rounds.add(new PoolBenchmark.Round(pool, library[k], library[k + 1]));
        }
        var r = new PoolBenchmark.Rounds(1, rounds);
        // 55 / 110 = 0.5, 70 / 100 = 0.7, 68 / 85 = 0.8
        assertThat(r.rounds().stream().mapToDouble(PoolBenchmark.Round::efficiency).toArray())
                .containsExactly(new double[] {0.5, 0.7, 0.8}, within(1e-12));
        assertThat(r.medianEfficiency()).isCloseTo(0.7, within(1e-12));
        assertThat(r.minEfficiency()).isCloseTo(0.5, within(1e-12));
        assertThat(r.maxEfficiency()).isCloseTo(0.8, within(1e-12));
        assertThat(r.medianBacklogImagesPerSecond()).isCloseTo(68, within(1e-9));
    }
}
