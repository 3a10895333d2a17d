package org.stemstream.simulator.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SphereTracerTest {

    @Test
    void chordIsTwoSqrtRSquaredMinusRhoSquared() {
        SphereTracer t = new SphereTracer(5);
        RaySamples xs = RaySamples.of(-6, 1, 13); // -6 .. 6
        double[] acc = new double[13];
        t.addRow(0, xs, 0, 13, acc);
        assertThat(acc[0]).isZero();                              // x = -6
        assertThat(acc[2]).isCloseTo(6, within(1e-12));            // x = -4: 2 sqrt(25 - 16)
        assertThat(acc[6]).isCloseTo(10, within(1e-12));           // x = 0
        assertThat(acc[9]).isCloseTo(8, within(1e-12));            // x = 3: 2 sqrt(25 - 9)
        assertThat(acc[11]).isZero();                             // x = 5: grazing
        double[] row = new double[13];
        t.addRow(4, xs, 0, 13, row);
        assertThat(row[6]).isCloseTo(6, within(1e-12));            // rho = 4
        assertThat(row[9]).isZero();                              // rho = 5
    }
}
