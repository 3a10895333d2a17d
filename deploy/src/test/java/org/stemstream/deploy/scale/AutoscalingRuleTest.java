package org.stemstream.deploy.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** KEDA's Kafka scaler rule: ceil(lag / threshold) members, within min, max and the partitions. */
class AutoscalingRuleTest {

    @Test
    void oneMemberPerThresholdOfLagWithinTheBounds() {
        AutoscalingPool.Rule rule = new AutoscalingPool.Rule(1, 4, 500, Duration.ofSeconds(30));
        assertThat(rule.desired(0, 12)).isEqualTo(1);     // min
        assertThat(rule.desired(1, 12)).isEqualTo(1);
        assertThat(rule.desired(500, 12)).isEqualTo(1);
        assertThat(rule.desired(501, 12)).isEqualTo(2);   // ceil(501 / 500)
        assertThat(rule.desired(1_499, 12)).isEqualTo(3);
        assertThat(rule.desired(100_000, 12)).isEqualTo(4); // max
        assertThat(rule.desired(100_000, 3)).isEqualTo(3);  // never more members than partitions
        assertThat(new AutoscalingPool.Rule(0, 2, 10, Duration.ZERO).desired(0, 12)).isZero();
    }

    @Test
    void nonsenseBoundsAreRejected() {
        assertThatThrownBy(() -> new AutoscalingPool.Rule(3, 2, 10, Duration.ZERO)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> new AutoscalingPool.Rule(1, 2, 0, Duration.ZERO)).hasMessageContaining("lagThreshold >= 1");
    }
}
