package org.stemstream.consumers;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * Running totals of classifications: how many, how many distinct requests (a duplicate would show
 * here), accuracy per task where the truth is known, and the time span they arrived in.
 * Not thread-safe: one sink thread feeds it; {@link #snapshot()} copies.
 */
public final class RunningSummary {
    private long classifications;
    private final Set<String> requestIds = new HashSet<>();
    private final Map<String, long[]> perTask = new LinkedHashMap<>(); // task -> {correct, total}
    private long firstMillis = -1;
    private long lastMillis = -1;
    private String model = "";

    public void add(Classification c, long arrivedMillis) {
        classifications++;
        if (c.getRequestId() != null) {
            requestIds.add(c.getRequestId());
        }
        model = c.getModelName() + " v" + c.getModelVersion();
        firstMillis = firstMillis < 0 ? arrivedMillis : Math.min(firstMillis, arrivedMillis);
        lastMillis = Math.max(lastMillis, arrivedMillis);
        GroundTruth truth = c.getTruth();
        if (truth == null) {
            return;
        }
        for (TaskPrediction p : c.getPredictions()) {
            String expected = TaskLabels.truthLabel(p.getTask(), truth);
            if (expected != null) {
                long[] counts = perTask.computeIfAbsent(p.getTask(), t -> new long[2]);
                counts[0] += expected.equals(p.getPredicted()) ? 1 : 0;
                counts[1]++;
            }
        }
    }

    public Snapshot snapshot() {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        Map<String, Long> scored = new LinkedHashMap<>();
        perTask.forEach((task, c) -> {
            accuracy.put(task, c[1] == 0 ? Double.NaN : c[0] / (double) c[1]);
            scored.put(task, c[1]);
        });
        return new Snapshot(classifications, requestIds.size(), accuracy, scored, model, firstMillis, lastMillis);
    }

    /**
     * @param accuracy per task, over classifications with known truth
     * @param scored   per task, how many classifications its accuracy is over
     */
    public record Snapshot(long classifications, long distinctRequests, Map<String, Double> accuracy, Map<String, Long> scored,
                           String model, long firstMillis, long lastMillis) {
        public Snapshot {
            accuracy = Map.copyOf(accuracy);
            scored = Map.copyOf(scored);
        }
    }
}
