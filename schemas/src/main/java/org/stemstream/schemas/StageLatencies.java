package org.stemstream.schemas;

import java.util.List;
import java.util.function.ObjLongConsumer;
import org.stemstream.schemas.avro.StageTimestamp;

/**
 * Latencies from the stage timestamps a record collects on its way (request, worker, noise,
 * augment, classifier): end to end, and per stage from the previous stage's timestamp.
 */
public final class StageLatencies {
    private StageLatencies() {
    }

    /** First to last timestamp in ms, or -1 when there are fewer than two. */
    public static long endToEndMillis(List<StageTimestamp> stamps) {
        if (stamps.size() < 2) {
            return -1;
        }
        return stamps.get(stamps.size() - 1).getAtMillis().toEpochMilli() - stamps.get(0).getAtMillis().toEpochMilli();
    }

    /** Calls {@code hop} with each stage after the first and its ms since the previous stage's timestamp. */
    public static void forEachHop(List<StageTimestamp> stamps, ObjLongConsumer<String> hop) {
        for (int i = 1; i < stamps.size(); i++) {
            hop.accept(stamps.get(i).getStage(), stamps.get(i).getAtMillis().toEpochMilli() - stamps.get(i - 1).getAtMillis().toEpochMilli());
        }
    }
}
