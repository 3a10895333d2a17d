package org.stemstream.producers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestProducerTest {

    @Test
    void pacingKeepsItsScheduleWhenOnTimeAndDoesNotCatchUpAfterAStall() {
        long ms = 1_000_000;
        // on time, or a little late: the schedule holds (slots 10 ms apart from the first)
        assertThat(RequestProducer.nextSlot(100 * ms, 100 * ms, 10 * ms)).isEqualTo(110 * ms);
        assertThat(RequestProducer.nextSlot(110 * ms, 113 * ms, 10 * ms)).isEqualTo(120 * ms);
        // a 1 s stall: the requests held up do not leave in a burst of 100
        long slot = RequestProducer.nextSlot(120 * ms, 1_120 * ms, 10 * ms);
        assertThat(slot).isEqualTo(1_120 * ms);
        long after = RequestProducer.nextSlot(slot, slot, 10 * ms);
        assertThat(after).isEqualTo(1_130 * ms);
    }
}
