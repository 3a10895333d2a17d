package org.stemstream.simulator.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SphereTracerTest {

    @Test
    void chordIsTwoSqrtRSquaredMinusRhoSquared() {
        SphereTracer t = new SphereTracer(5);
        double[] xs = {-6, -4, 0, 3, 5, 6};
        double[] acc = new double[xs.length];
        t.addRow(0, xs, 0, xs.length, acc);
        assertThat(acc[0]).isZero();
        assertThat(acc[1]).isCloseTo(6, within(1e-12));   // 2 sqrt(25 - 16)
        assertThat(acc[2]).isCloseTo(10, within(1e-12));
        assertThat(acc[3]).isCloseTo(8, within(1e-12));   // 2 sqrt(25 - 9)
        assertThat(acc[4]).isZero();
        double[] row = new double[xs.length];
        t.addRow(4, xs, 0, xs.length, row);
        assertThat(row[2]).isCloseTo(6, within(1e-12));   // rho = 4
        assertThat(row[3]).isCloseTo(0, within(1e-3));   // rho = 5
    }
}
