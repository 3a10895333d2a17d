package org.stemstream.simulator.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NegativeExpTest {

    @Test
    void matchesStrictMathToRoundingOverTheWholeRange() {
        for (double x = 0; x < NegativeExp.LIMIT; x += 0.00731) {
            double exact = StrictMath.exp(-x);
            assertThat(NegativeExp.of(x)).as("exp(-%s)", x).isCloseTo(exact, within(1e-15 * exact));
        }
        assertThat(NegativeExp.of(0)).isEqualTo(1.0);
        assertThat(NegativeExp.of(2)).isEqualTo(StrictMath.exp(-2));
    }
}
