package org.stemstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TimeoutsTest {

    @Test
    void aCallThatTimesOutIsRunAgainUntilItGoesThrough() {
        AtomicInteger calls = new AtomicInteger();
        Timeouts.untilNoTimeout("commit", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new TimeoutException("coordinator away");
            }
        }, () -> true, LoggerFactory.getLogger(TimeoutsTest.class));
        assertThat(calls).hasValue(3);
    }

    @Test
    void aStoppingCallerGetsTheTimeoutAndOtherErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Timeouts.untilNoTimeout("commit", () -> {
            calls.incrementAndGet();
            throw new TimeoutException("away");
        }, () -> false, LoggerFactory.getLogger(TimeoutsTest.class))).isInstanceOf(TimeoutException.class);
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> Timeouts.untilNoTimeout("commit", () -> {
            calls.incrementAndGet();
            throw new KafkaException("abortable");
        }, () -> true, LoggerFactory.getLogger(TimeoutsTest.class))).isInstanceOf(KafkaException.class).hasMessage("abortable");
        assertThat(calls).hasValue(2);
    }
}
