package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskScoreTest {

    @Test
    void wilsonIntervalMatchesTheTextbookValues() {
        // 81 of 263: 0.2553 .. 0.3662 (Wilson score interval, z = 1.96).
        double[] ci = TaskScore.wilson(81, 263);
        assertThat(ci[0]).isCloseTo(0.2553, within(5e-4));
        assertThat(ci[1]).isCloseTo(0.3662, within(5e-4));
    }

    @Test
    void wilsonIntervalStaysInsideZeroOneAtTheEdges() {
        assertThat(TaskScore.wilson(10, 10)[1]).isCloseTo(1.0, within(1e-12));
        assertThat(TaskScore.wilson(10, 10)[0]).isCloseTo(0.7225, within(5e-4));
        assertThat(TaskScore.wilson(0, 10)[0]).isEqualTo(0.0);
        assertThat(TaskScore.wilson(0, 0)).containsExactly(0, 1);
    }

    @Test
    void accuracyAndCountComeFromTheConfusionMatrix() {
        TaskScore s = TaskScore.of("T1", List.of("not-deformed", "deformed"), new long[][] {{8, 2}, {1, 9}});
        assertThat(s.count()).isEqualTo(20);
        assertThat(s.correct()).isEqualTo(17);
        assertThat(s.accuracy()).isEqualTo(0.85);
    }
}
