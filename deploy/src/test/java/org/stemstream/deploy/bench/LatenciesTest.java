package org.stemstream.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    @Test
    void percentilesAreNearestRank() {
        double[] five = {1, 2, 3, 4, 5};
        assertThat(Latencies.percentile(five, 50)).isEqualTo(3);
        assertThat(Latencies.percentile(five, 20)).isEqualTo(1);
        assertThat(Latencies.percentile(five, 21)).isEqualTo(2);
        assertThat(Latencies.percentile(five, 90)).isEqualTo(5);
        assertThat(Latencies.percentile(five, 100)).isEqualTo(5);
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertThat(Latencies.percentile(hundred, 99)).isEqualTo(99);
        assertThat(Latencies.percentile(new double[0], 99)).isNaN();
    }
}
