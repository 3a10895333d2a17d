package org.stemstream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters every consume-process-produce stage records, tagged {@code stage}:
 * <ul>
 * <li>{@code stem.records{outcome=processed|dead-letter}}: records out (counter);</li>
 * <li>{@code stem.batch.size}: records per transaction (summary);</li>
 * <li>{@code stem.batch.process}: time to process one batch, without the commit (timer);</li>
 * <li>{@code stem.transaction.commit}: time to produce and commit one batch (timer);</li>
 * <li>{@code stem.stage.latency}: from the input record's timestamp to its output's commit (timer).</li>
 * </ul>
 */
public final class StageMeters {
    public static final String BATCH_SIZE = "stem.batch.size";
    public static final String COMMIT = "stem.transaction.commit";
    private final Counter processed;
    private final Counter deadLettered;
    private final DistributionSummary batchSize;
    private final Timer process;
    private final Timer commit;
    private final Timer latency;

    public StageMeters(MeterRegistry registry, String stage) {
        processed = Counter.builder("stem.records").tag("stage", stage).tag("outcome", "processed")
                .description("records processed and produced").register(registry);
        deadLettered = Counter.builder("stem.records").tag("stage", stage).tag("outcome", "dead-letter")
                .description("records sent to the stage's dead-letter topic").register(registry);
        batchSize = DistributionSummary.builder(BATCH_SIZE).tag("stage", stage)
                .description("records per transaction").publishPercentileHistogram().register(registry);
        process = Timer.builder("stem.batch.process").tag("stage", stage)
                .description("time to process one batch").publishPercentileHistogram().register(registry);
        commit = Timer.builder(COMMIT).tag("stage", stage)
                .description("time to produce and commit one batch").publishPercentileHistogram().register(registry);
        latency = Timer.builder("stem.stage.latency").tag("stage", stage)
                .description("input record timestamp to committed output").publishPercentileHistogram().register(registry);
    }

    public void batch(int records, long processNanos, long commitNanos) {
        batchSize.record(records);
        process.record(Duration.ofNanos(processNanos));
        commit.record(Duration.ofNanos(commitNanos));
    }

    public void committed(long processedRecords, long deadLetters) {
        processed.increment(processedRecords);
        deadLettered.increment(deadLetters);
    }

    public void latency(Duration d) {
        latency.record(d.isNegative() ? Duration.ZERO : d);
    }
}
