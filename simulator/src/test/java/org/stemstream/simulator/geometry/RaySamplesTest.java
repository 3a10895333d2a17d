package org.stemstream.simulator.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RaySamplesTest {

    private final RaySamples rays = RaySamples.of(-1, 0.25, 9); // -1, -0.75, ..., 1

    @Test
    void boundsMatchALinearSearch() {
        for (double x = -2; x <= 2; x += 0.03125) {
            int lower = 0;
            while (lower < 9 && rays.x(lower) < x) {
                lower++;
            }
            int upper = 0;
            while (upper < 9 && rays.x(upper) <= x) {
                upper++;
            }
            assertThat(rays.lowerBound(x, 0, 9)).as("lower %s", x).isEqualTo(lower);
            assertThat(rays.upperBound(x, 0, 9)).as("upper %s", x).isEqualTo(upper);
        }
    }

    @Test
    void boundsStayInsideTheRange() {
        assertThat(rays.lowerBound(Double.NEGATIVE_INFINITY, 2, 5)).isEqualTo(2);
        assertThat(rays.upperBound(Double.POSITIVE_INFINITY, 2, 5)).isEqualTo(5);
        assertThat(rays.lowerBound(0, 6, 8)).isEqualTo(6);
        assertThat(rays.upperBound(0.5, 0, 3)).isEqualTo(3);
        assertThat(rays.x(4)).isZero();
        assertThatThrownBy(() -> RaySamples.of(0, 0, 3)).hasMessageContaining("step 0.0");
    }
}
