package org.stemstream.consumers.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rolling metric against values computed by hand. */
class RollingMetricsTest {

    @Test
    void accuracyOverTheTimeWindowTheLastNAndSinceStart() {
        RollingAccuracy a = new RollingAccuracy(60_000, 4);
        // t = 0, 10 s, 20 s, 30 s, 70 s: right, wrong, right, right, wrong
        a.add(0, true);
        a.add(10_000, false);
        a.add(20_000, true);
        a.add(30_000, true);
        assertThat(a.lastN()).isEqualTo(3 / 4.0);
        assertThat(a.window(30_000)).isEqualTo(3 / 4.0);
        a.add(70_000, false);
        // last 4: wrong, right, right, wrong = 2/4; last minute (after 10 s): 20 s right, 30 s right, 70 s wrong = 2/3
        assertThat(a.lastN()).isEqualTo(2 / 4.0);
        assertThat(a.window(70_000)).isEqualTo(2 / 3.0);
        assertThat(a.windowCount(70_000)).isEqualTo(3);
        assertThat(a.sinceStart()).isEqualTo(3 / 5.0);
        // nothing new for a while: the minute window empties, the others stay
        assertThat(a.window(200_000)).isNaN();
        assertThat(a.lastN()).isEqualTo(0.5);
        assertThat(a.count()).isEqualTo(5);
    }

    @Test
    void precisionAndRecallPerClass() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c"));
        // truth a: predicted a, a, b; truth b: b, c; truth c: a
        m.add("a", "a");
        m.add("a", "a");
        m.add("a", "b");
        m.add("b", "b");
        m.add("b", "c");
        m.add("c", "a");
        assertThat(m.add("z", "a")).isFalse();
        assertThat(m.counts()[0]).containsExactly(2, 1, 0);
        assertThat(m.precision(0)).isEqualTo(2 / 3.0); // predicted a: 3, of which 2 truly a
        assertThat(m.recall(0)).isEqualTo(2 / 3.0);
        assertThat(m.precision(1)).isEqualTo(1 / 2.0);
        assertThat(m.recall(1)).isEqualTo(1 / 2.0);
        assertThat(m.precision(2)).isEqualTo(0.0);
        assertThat(m.recall(2)).isEqualTo(0.0);
    }

    @Test
    void reliabilityBinsAndExpectedCalibrationError() {
        Calibration c = new Calibration(10);
        c.add(0.95, true);
        c.add(0.91, true);
        c.add(0.99, false);
        c.add(0.55, true);
        c.add(0.45, false);
        c.add(1.0, true); // the top edge belongs to the last bin
        assertThat(c.count(9)).isEqualTo(4);
        assertThat(c.meanConfidence(9)).isCloseTo((0.95 + 0.91 + 0.99 + 1.0) / 4, within(1e-12));
        assertThat(c.accuracy(9)).isEqualTo(0.75);
        assertThat(c.accuracy(5)).isEqualTo(1.0);
        assertThat(c.accuracy(4)).isEqualTo(0.0);
        assertThat(c.accuracy(0)).isNaN();
        // ECE = (4 |0.75 - 0.9625| + 1 |1 - 0.55| + 1 |0 - 0.45|) / 6
        assertThat(c.expectedCalibrationError()).isCloseTo((4 * 0.2125 + 0.45 + 0.45) / 6, within(1e-12));
    }

    @Test
    void nearestRankPercentilesOfTheLastValues() {
        Percentiles p = new Percentiles(5);
        for (double v : new double[] {100, 1, 2, 3, 4, 5}) { // 100 falls out of the window of 5
            p.add(v);
        }
        assertThat(p.percentile(50)).isEqualTo(3);
        assertThat(p.percentile(90)).isEqualTo(5);
        assertThat(p.percentile(20)).isEqualTo(1);
        assertThat(p.percentile(100)).isEqualTo(5);
        assertThat(new Percentiles(3).percentile(50)).isNaN();
    }

    @Test
    void driftIsTheTotalVariationDistanceAndAlarmsAboveTheThreshold() {
        PredictionDrift d = new PredictionDrift(List.of("x", "y"), 0.25, 4);
        for (int i = 0; i < 4; i++) {
            d.add(false, i < 2 ? "x" : "y", 0.8); // reference: 50 % x
        }
        d.add(true, "x", 0.6);
        d.add(true, "x", 0.6);
        d.add(true, "x", 0.6);
        assertThat(d.distance()).isCloseTo(0.5, within(1e-12)); // (|1 - 0.5| + |0 - 0.5|) / 2
        assertThat(d.alarm()).as("too few acquired results yet").isFalse();
        d.add(true, "y", 0.4);
        // acquired 75 % x: (0.25 + 0.25) / 2 = 0.25, not above the threshold
        assertThat(d.distance()).isCloseTo(0.25, within(1e-12));
        assertThat(d.alarm()).isFalse();
        d.add(true, "x", 0.6);
        assertThat(d.distance()).isCloseTo(0.3, within(1e-12)); // 80 % x
        assertThat(d.alarm()).isTrue();
        assertThat(d.acquiredMeanConfidence()).isCloseTo((0.6 * 4 + 0.4) / 5, within(1e-12));
    }
}
