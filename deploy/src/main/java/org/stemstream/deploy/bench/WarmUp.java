package org.stemstream.deploy.bench;

import java.time.Duration;
import org.stemstream.schemas.KafkaConnection;

/**
 * {@code bench pipeline}'s warm-up: traffic through the whole pipeline before any measurement,
 * so that the JIT compiler has done most of its work, first flat out, then in the latency phase's
 * regime (small batches, idle polls), whose code paths differ.
 */
final class WarmUp {
    private WarmUp() {
    }

    /** Requests per flat-out warm-up campaign; two are in flight at a time, so the stages never idle. */
    static final int CHUNK = 200;

    /** What a warm-up sent: flat out, at what rate, and then paced. */
    record Result(int flatOut, double flatOutImagesPerSecond, int paced) {
        int requests() {
            return flatOut + paced;
        }
    }

    /**
     * Runs the whole pipeline for {@code time}: the first half flat out (campaigns of {@link
     * #CHUNK} requests, each sent once the one before the last is classified), the second
     * at half the rate the first reached.
     */
    static Result run(KafkaConnection kafka, String campaign, Duration time) throws InterruptedException {
        try (ClassifiedCounter classified = new ClassifiedCounter(kafka)) {
            long t0 = System.nanoTime();
            long end = t0 + time.toNanos() / 2;
            int chunks = 0;
            do {
                PipelineBenchmark.send(kafka, campaign + "-" + chunks, CHUNK, 0);
                if (chunks > 0) {
                    classified.await(campaign + "-" + (chunks - 1), CHUNK, PipelineBenchmark.PHASE_TIMEOUT);
                }
                chunks++;
            } while (System.nanoTime() < end);
            classified.await(campaign + "-" + (chunks - 1), CHUNK, PipelineBenchmark.PHASE_TIMEOUT);
            long t1 = System.nanoTime();
            double rate = chunks * CHUNK / ((t1 - t0) / 1e9);
            int paced = (int) Math.round(rate / 2 * Math.max(0, time.toNanos() - (t1 - t0)) / 1e9);
            if (paced > 0) {
                PipelineBenchmark.send(kafka, campaign + "-paced", paced, rate / 2);
                classified.await(campaign + "-paced", paced, PipelineBenchmark.PHASE_TIMEOUT);
            }
            return new Result(chunks * CHUNK, rate, paced);
        }
    }
}
