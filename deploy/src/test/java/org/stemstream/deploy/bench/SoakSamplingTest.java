package org.stemstream.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakSamplingTest {

    @Test
    void aSoakIsSampledAboutTwentyTimesEveryOneToTenSeconds() {
        // 2,000 requests at 40/s last 50 s: 20 samples of 2.5 s
        assertThat(Soak.samplePeriod(2000, 40)).isEqualTo(Duration.ofMillis(2500));
        // 100,000 at 80/s last 1,250 s: every 10 s, not every 62.5 s
        assertThat(Soak.samplePeriod(100_000, 80)).isEqualTo(Duration.ofSeconds(10));
        // 100 at 100/s last 1 s: every second, not every 50 ms
        assertThat(Soak.samplePeriod(100, 100)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theMedianIgnoresOneOutlyingSample() {
        assertThat(Soak.median(new double[] {144, 289, 149, 150, 143})).isEqualTo(149);
        assertThat(Soak.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Soak.median(new double[] {7})).isEqualTo(7);
    }
}
