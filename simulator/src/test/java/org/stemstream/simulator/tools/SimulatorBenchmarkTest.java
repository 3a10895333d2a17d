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
}
