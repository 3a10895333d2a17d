package org.stemstream.streams;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;

/**
 * How the fusion stage groups the views of one object.
 *
 * @param idleTimeout      an object still short of its expected views is emitted incomplete
 *                         once no view has arrived for this long
 * @param checkInterval    how often idle objects are looked for (so an incomplete object is
 *                         emitted between idleTimeout and idleTimeout + checkInterval after its
 *                         last view)
 * @param timeBase         the clock of both: WALL_CLOCK_TIME (default: objects are emitted even when
 *                         no more records arrive) or STREAM_TIME (reprocessing gives the same output,
 *                         but the last objects wait for newer records)
 * @param emittedRetention how long an emitted object's id is remembered, so that a late view is
 *                         dropped rather than starting the object again
 * @param epsilon          probability floor before taking logarithms, so one view's zero cannot veto
 *                         a class
 */
public record FuseSettings(Duration idleTimeout, Duration checkInterval, PunctuationType timeBase, Duration emittedRetention,
                           double epsilon) {

    public static final double DEFAULT_EPSILON = 1e-6;

    public FuseSettings {
        requirePositive("idle timeout", idleTimeout);
        requirePositive("check interval", checkInterval);
        requirePositive("emitted retention", emittedRetention);
        if (timeBase == null) {
            throw new IllegalArgumentException("time base is required (WALL_CLOCK_TIME or STREAM_TIME)");
        }
        if (!(epsilon > 0 && epsilon < 0.01)) {
            throw new IllegalArgumentException("epsilon " + epsilon + " is not in (0, 0.01)");
        }
    }

    /** 60 s idle timeout checked every 5 s of wall-clock time; ids remembered for 1 h; epsilon 1e-6. */
    public static FuseSettings defaults() {
        return new FuseSettings(Duration.ofSeconds(60), Duration.ofSeconds(5), PunctuationType.WALL_CLOCK_TIME,
                Duration.ofHours(1), DEFAULT_EPSILON);
    }

    public FuseSettings withIdleTimeout(Duration timeout) {
        return new FuseSettings(timeout, checkInterval, timeBase, emittedRetention, epsilon);
    }

    public FuseSettings withCheckInterval(Duration interval) {
        return new FuseSettings(idleTimeout, interval, timeBase, emittedRetention, epsilon);
    }

    public FuseSettings withTimeBase(PunctuationType base) {
        return new FuseSettings(idleTimeout, checkInterval, base, emittedRetention, epsilon);
    }

    public FuseSettings withEmittedRetention(Duration retention) {
        return new FuseSettings(idleTimeout, checkInterval, timeBase, retention, epsilon);
    }

    public FuseSettings withEpsilon(double eps) {
        return new FuseSettings(idleTimeout, checkInterval, timeBase, emittedRetention, eps);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " " + d + " must be positive");
        }
    }
}
