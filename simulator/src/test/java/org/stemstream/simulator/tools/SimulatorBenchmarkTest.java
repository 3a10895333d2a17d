package org.stemstream.simulator.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimulatorBenchmarkTest {

    @Test
    void measuresForAtLeastTheAskedTimeAndReportsWhatItMeasured() {
        SimulatorBenchmark.Result r = SimulatorBenchmark.run(64, true, 0.2);
        assertThat(r.size()).isEqualTo(64);
        assertThat(r.withNoise()).isTrue();
        assertThat(r.seconds()).as("it renders until the time is up").isGreaterThanOrEqualTo(0.2);
        assertThat(r.images()).isPositive();
        assertThat(r.imagesPerSecond()).isCloseTo(r.images() / r.seconds(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.millisPerImage()).isCloseTo(1000 / r.imagesPerSecond(), org.assertj.core.data.Offset.offset(1e-9));
        assertThatThrownBy(() -> SimulatorBenchmark.run(64, true, 0)).hasMessageContaining("0.0 s");
    }

    @Test
    void onSeveralThreadsItAddsUpTheirImagesOverTheSameTime() throws Exception {
        SimulatorBenchmark.Result r = SimulatorBenchmark.runParallel(64, false, 0.2, 2);
        assertThat(r.seconds()).isGreaterThanOrEqualTo(0.2).isLessThan(5);
        assertThat(r.images()).isPositive();
        assertThat(r.imagesPerSecond()).isCloseTo(r.images() / r.seconds(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.millisPerImage()).as("one thread's time per image").isCloseTo(2000 / r.imagesPerSecond(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.imagesPerCpuSecond()).isPositive();
        assertThat(SimulatorBenchmark.runParallel(64, false, 0.1, 1).images()).isPositive();
        assertThatThrownBy(() -> SimulatorBenchmark.runParallel(64, false, 0.1, 0)).hasMessageContaining("0 threads");
    }
}
