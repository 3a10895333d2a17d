package org.stemstream.simulator.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CutSearchTest {

    @Test
    void thePriorOfOneSetIsMinusTwiceTheLogOfOneOverNineTimesCEightKUpToAConstant() {
        // seed-benchmark: P(set of k) = 1 / (9 C(8, k)); one more cut from k costs 2 ln(C(8, k + 1) / C(8, k)) + penalty
        assertThat(CutSearch.prior(1, 0) - CutSearch.prior(0, 0)).isCloseTo(2 * Math.log(8), within(1e-12));
        assertThat(CutSearch.prior(8, 0) - CutSearch.prior(7, 0)).isCloseTo(-2 * Math.log(8), within(1e-12));
        assertThat(CutSearch.prior(4, 0)).isCloseTo(2 * Math.log(70), within(1e-12));
        assertThat(CutSearch.prior(3, 3) - CutSearch.prior(3, 0)).isCloseTo(9, within(1e-12));
    }

    @Test
    void countsTheCutCorners() {
        double[] p = new double[ForwardModel.PARAMETERS];
        p[ForwardModel.CUT] = 0.2;
        p[ForwardModel.CUT + 7] = 0.3;
        p[ForwardModel.A] = 5; // not a corner
        assertThat(CutSearch.count(p)).isEqualTo(2);
    }
}
