package org.stemstream.kafka;

import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;

/** Kafka client calls that must be repeated, not abandoned, when they time out. */
public final class Timeouts {
    private Timeouts() {
    }

    /**
     * Runs {@code call} again while it throws {@link TimeoutException} (a broker or the transaction
     * coordinator away for longer than max.block.ms) and {@code keepTrying} holds. After a
     * commitTransaction that timed out, Kafka allows nothing but the same commit again (an abort
     * throws IllegalStateException), and giving up would stop a stage for a passing outage. Once
     * {@code keepTrying} is false the timeout is thrown; the next client with the same
     * transactional id then settles the transaction.
     */
    public static void untilNoTimeout(String what, Runnable call, BooleanSupplier keepTrying, Logger log) {
        while (true) {
            try {
                call.run();
                return;
            } catch (TimeoutException e) {
                if (!keepTrying.getAsBoolean()) {
                    throw e;
                }
                log.warn("{} timed out ({}); trying again", what, e.getMessage());
            }
        }
    }
}
