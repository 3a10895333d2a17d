package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainCommandTest {
    @Test
    void imagesOffATopicAreSplitAsAskedOrWhenShortNeverBeyondTheCounts() {
        assertThat(TrainCommand.split(500, 300, 100)).containsExactly(300, 100);
        // 30 on the topic, --count 20 --test-count 100: 3 to test, 20 (not 27) to train
        assertThat(TrainCommand.split(30, 20, 100)).containsExactly(20, 3);
        assertThat(TrainCommand.split(30, 200, 100)).containsExactly(27, 3);
        assertThat(TrainCommand.split(30, 200, 2)).containsExactly(28, 2);
        assertThat(TrainCommand.split(9, 200, 100)).containsExactly(9, 0);
    }
}
