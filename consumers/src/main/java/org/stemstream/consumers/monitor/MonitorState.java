package org.stemstream.consumers.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stemstream.consumers.TaskLabels;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * Everything the monitor knows, fed from one thread and read as JSON-ready snapshots: per task
 * the rolling accuracy (last minute, last 1,000, since start), confusion matrix with precision
 * and recall, reliability curve, accuracy sliced by shape, deformation count, dose and rotation
 * during the scan, and for acquired images the predicted-class distribution against the simulated
 * reference with a drift alarm; fused per-object accuracy; end-to-end and per-stage latency from
 * the stage timestamps; models seen; stage progress and lag (from {@link StageProgress}); dead
 * letters with their latest reasons; the latest images with truth and prediction. Synchronized:
 * the consumer thread writes, the dashboard reads.
 */
public final class MonitorState {
    static final long WINDOW_MILLIS = 60_000;
    static final int LAST_N = 1_000;
    private static final int HISTORY = 600;
    private static final int LATEST_IMAGES = 12;
    private static final int LATEST_REASONS = 20;

    private final long startedMillis;
    private final Map<String, TaskStats> tasks = new TreeMap<>();
    private final Map<String, RollingAccuracy> fused = new TreeMap<>();
    private final Percentiles endToEnd = new Percentiles(LAST_N);
    private final Map<String, Percentiles> stageLatency = new LinkedHashMap<>();
    private final Map<String, Long> models = new TreeMap<>();
    private final ArrayDeque<Map<String, Object>> history = new ArrayDeque<>();
    private final ArrayDeque<Map<String, Object>> latestImages = new ArrayDeque<>();
    private final ArrayDeque<Map<String, Object>> latestObjects = new ArrayDeque<>();
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private final ArrayDeque<Map<String, Object>> reasons = new ArrayDeque<>();
    private final ArrayDeque<long[]> arrivals = new ArrayDeque<>(); // {atMillis}
    private Map<String, Object> stages = Map.of();
    private String latestModel = "";
    private long classifications;
    private long acquired;

    public MonitorState(long startedMillis) {
        this.startedMillis = startedMillis;
    }

    private static final class TaskStats {
        final RollingAccuracy accuracy = new RollingAccuracy(WINDOW_MILLIS, LAST_N);
        final ConfusionMatrix confusion;
        final Calibration calibration = new Calibration(10);
        final PredictionDrift drift;
        final Map<String, Map<String, long[]>> slices = new LinkedHashMap<>();

        TaskStats(List<String> classes) {
            confusion = new ConfusionMatrix(classes);
            drift = new PredictionDrift(classes, 0.25, 50);
        }

        void slice(String dimension, String key, boolean correct) {
            long[] c = slices.computeIfAbsent(dimension, d -> new TreeMap<>()).computeIfAbsent(key, k -> new long[2]);
            c[0] += correct ? 1 : 0;
            c[1]++;
        }
    }

    /** One classification seen at {@code nowMillis}; {@code thumbnail} (a PNG, or null) joins the latest images. */
    public synchronized void add(Classification c, long nowMillis, byte[] thumbnail) {
        classifications++;
        arrivals.addLast(new long[] {nowMillis});
        boolean isAcquired = c.getSource() == ImageSource.ACQUIRED;
        acquired += isAcquired ? 1 : 0;
        latestModel = c.getModelName() + " " + c.getModelVersion() + (c.getSymmetries() > 1 ? " (" + c.getSymmetries() + " symmetries)" : "");
        models.merge(latestModel, 1L, Long::sum);
        GroundTruth truth = c.getTruth();
        for (TaskPrediction p : c.getPredictions()) {
            TaskStats stats = tasks.get(p.getTask());
            if (stats == null || !stats.confusion.classes().equals(p.getClasses())) {
                // a first prediction, or a model whose classes for this task differ (a hot swap):
                // the task's figures start again, or the new classes' predictions would be dropped
                stats = new TaskStats(p.getClasses());
                tasks.put(p.getTask(), stats);
            }
            double confidence = p.getProbabilities().isEmpty() ? Double.NaN
                    : p.getProbabilities().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            stats.drift.add(isAcquired, p.getPredicted(), confidence);
            String label = truth == null ? null : TaskLabels.truthLabel(p.getTask(), truth);
            if (label == null) {
                continue;
            }
            boolean correct = label.equals(p.getPredicted());
            stats.accuracy.add(nowMillis, correct);
            stats.confusion.add(label, p.getPredicted());
            stats.calibration.add(confidence, correct);
            stats.slice("shape", truth.getShape().name().toLowerCase(java.util.Locale.ROOT), correct);
            stats.slice("deformedCorners", Integer.toString(truth.getDeformedCount()), correct);
            stats.slice("rotationDuringScan", truth.getScanRotationRad() != 0 ? "rotating" : "still", correct);
            stats.slice("dose", c.getDose() == null ? "unknown" : String.format(java.util.Locale.ROOT, "%g", c.getDose()), correct);
        }
        latencies(c.getTimestamps());
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("imageId", c.getImageId());
        image.put("source", c.getSource().name());
        image.put("model", latestModel);
        image.put("predicted", predictedSummary(c.getPredictions()));
        image.put("truth", truth == null ? null : truthSummary(truth));
        image.put("thumbnail", thumbnail != null);
        latestImages.addFirst(image);
        while (latestImages.size() > LATEST_IMAGES) {
            latestImages.removeLast();
        }
    }

    private void latencies(List<StageTimestamp> stamps) {
        if (stamps.size() < 2) {
            return;
        }
        endToEnd.add(org.stemstream.schemas.StageLatencies.endToEndMillis(stamps));
        org.stemstream.schemas.StageLatencies.forEachHop(stamps,
                (stage, d) -> stageLatency.computeIfAbsent(stage, s -> new Percentiles(LAST_N)).add(d));
    }

    /** One fused per-object result. */
    public synchronized void addFused(ObjectClassification o, long nowMillis) {
        if (o.getViewsExpected() > 1 || o.getViewsUsed() > 1) { // a single view's "fusion" is its classification, listed as an image
            latest(o);
        }
        if (o.getTruth() == null) {
            return;
        }
        for (TaskPrediction p : o.getPredictions()) {
            String label = TaskLabels.truthLabel(p.getTask(), o.getTruth());
            if (label != null) {
                fused.computeIfAbsent(p.getTask() + "-multi", t -> new RollingAccuracy(WINDOW_MILLIS, LAST_N))
                        .add(nowMillis, label.equals(p.getPredicted()));
            }
        }
    }

    /** A verdict fused from several views joins the latest objects, with or without truth (an acquired tilt series has none). */
    private void latest(ObjectClassification o) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("objectId", o.getObjectId());
        object.put("views", o.getViewsUsed());
        object.put("viewsExpected", o.getViewsExpected());
        object.put("complete", o.getComplete());
        object.put("predicted", predictedSummary(o.getPredictions()));
        object.put("truth", o.getTruth() == null ? null : truthSummary(o.getTruth()));
        latestObjects.addFirst(object);
        while (latestObjects.size() > LATEST_IMAGES) {
            latestObjects.removeLast();
        }
    }

    /** One dead letter on {@code topic} with its reason. */
    public synchronized void addDeadLetter(String topic, String reason, long nowMillis) {
        deadLetters.merge(topic, 1L, Long::sum);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("topic", topic);
        r.put("reason", reason);
        r.put("atMillis", nowMillis);
        reasons.addFirst(r);
        while (reasons.size() > LATEST_REASONS) {
            reasons.removeLast();
        }
    }

    /** The latest stage progress: per consumer group, its input topic, lag and rate. */
    public synchronized void stages(Map<String, Object> progress) {
        this.stages = new LinkedHashMap<>(progress);
    }

    /** Dead letters seen on {@code topic} since start. */
    public synchronized double deadLetters(String topic) {
        return deadLetters.getOrDefault(topic, 0L);
    }

    /** The latest lag of consumer group {@code group} on its input topic, NaN before the first poll. */
    public synchronized double lag(String group) {
        return stages.get(group) instanceof Map<?, ?> m && m.get("lag") instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Appends a point to the accuracy-over-time history; call about once a second. */
    public synchronized void tick(long nowMillis) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("t", nowMillis);
        Map<String, Object> acc = new TreeMap<>();
        tasks.forEach((task, s) -> acc.put(task, num(s.accuracy.window(nowMillis))));
        fused.forEach((task, a) -> acc.put(task, num(a.window(nowMillis))));
        point.put("lastMinute", acc);
        point.put("imagesPerSecond", imagesPerSecond(nowMillis));
        history.addLast(point);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** Classifications per second over the last 10 s. */
    synchronized double imagesPerSecond(long nowMillis) {
        while (!arrivals.isEmpty() && arrivals.peekFirst()[0] <= nowMillis - 10_000) {
            arrivals.removeFirst();
        }
        long span = Math.min(10_000, Math.max(1, nowMillis - startedMillis));
        return arrivals.size() * 1000.0 / span;
    }

    /** Accuracy of {@code task} ("T2", or "T2-multi" for fused results) over {@code window} ("lastMinute", "last1000", "sinceStart"). */
    public synchronized double accuracy(String task, String window, long nowMillis) {
        RollingAccuracy a = tasks.containsKey(task) ? tasks.get(task).accuracy : fused.get(task);
        if (a == null) {
            return Double.NaN;
        }
        return switch (window) {
            case "lastMinute" -> a.window(nowMillis);
            case "last1000" -> a.lastN();
            case "sinceStart" -> a.sinceStart();
            default -> throw new IllegalArgumentException("window " + window);
        };
    }

    public synchronized long classifications() {
        return classifications;
    }

    /** Everything, JSON-ready (NaN as null). */
    public synchronized Map<String, Object> snapshot(long nowMillis) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("atMillis", nowMillis);
        s.put("uptimeSeconds", (nowMillis - startedMillis) / 1000.0);
        s.put("classifications", classifications);
        s.put("acquired", acquired);
        s.put("imagesPerSecond", imagesPerSecond(nowMillis));
        s.put("model", latestModel);
        s.put("models", new TreeMap<>(models));
        Map<String, Object> taskMap = new LinkedHashMap<>();
        tasks.forEach((task, st) -> taskMap.put(task, taskSnapshot(st, nowMillis)));
        s.put("tasks", taskMap);
        Map<String, Object> fusedMap = new LinkedHashMap<>();
        fused.forEach((task, a) -> fusedMap.put(task, windows(a, nowMillis)));
        s.put("fused", fusedMap);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("endToEndMillis", percentiles(endToEnd));
        Map<String, Object> perStage = new LinkedHashMap<>();
        stageLatency.forEach((stage, p) -> perStage.put(stage, percentiles(p)));
        latency.put("stageMillis", perStage);
        s.put("latency", latency);
        s.put("stages", stages);
        s.put("deadLetters", new TreeMap<>(deadLetters));
        s.put("deadLetterReasons", new ArrayList<>(reasons));
        s.put("latestImages", new ArrayList<>(latestImages));
        s.put("latestObjects", new ArrayList<>(latestObjects));
        s.put("history", new ArrayList<>(history));
        return s;
    }

    private static Map<String, Object> taskSnapshot(TaskStats st, long nowMillis) {
        Map<String, Object> t = windows(st.accuracy, nowMillis);
        List<String> classes = st.confusion.classes();
        t.put("classes", classes);
        t.put("confusion", st.confusion.counts());
        List<Object> precision = new ArrayList<>();
        List<Object> recall = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            precision.add(num(st.confusion.precision(c)));
            recall.add(num(st.confusion.recall(c)));
        }
        t.put("precision", precision);
        t.put("recall", recall);
        List<Object> bins = new ArrayList<>();
        for (int b = 0; b < st.calibration.bins(); b++) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("from", b / (double) st.calibration.bins());
            bin.put("count", st.calibration.count(b));
            bin.put("confidence", num(st.calibration.meanConfidence(b)));
            bin.put("accuracy", num(st.calibration.accuracy(b)));
            bins.add(bin);
        }
        t.put("calibration", bins);
        t.put("expectedCalibrationError", num(st.calibration.expectedCalibrationError()));
        Map<String, Object> slices = new LinkedHashMap<>();
        st.slices.forEach((dimension, keys) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            keys.forEach((key, c) -> m.put(key, Map.of("accuracy", (double) c[0] / c[1], "count", c[1])));
            slices.put(dimension, m);
        });
        t.put("slices", slices);
        Map<String, Object> drift = new LinkedHashMap<>();
        drift.put("acquired", st.drift.acquiredDistribution());
        drift.put("reference", st.drift.referenceDistribution());
        drift.put("acquiredCount", st.drift.acquiredCount());
        drift.put("referenceCount", st.drift.referenceCount());
        drift.put("acquiredMeanConfidence", num(st.drift.acquiredMeanConfidence()));
        drift.put("referenceMeanConfidence", num(st.drift.referenceMeanConfidence()));
        drift.put("distance", num(st.drift.distance()));
        drift.put("alarm", st.drift.alarm());
        t.put("drift", drift);
        return t;
    }

    private static Map<String, Object> windows(RollingAccuracy a, long nowMillis) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("lastMinute", num(a.window(nowMillis)));
        t.put("lastMinuteCount", a.windowCount(nowMillis));
        t.put("last1000", num(a.lastN()));
        t.put("last1000Count", a.lastNCount());
        t.put("sinceStart", num(a.sinceStart()));
        t.put("count", a.count());
        return t;
    }

    private static Map<String, Object> percentiles(Percentiles p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", num(p.percentile(50)));
        m.put("p90", num(p.percentile(90)));
        m.put("p99", num(p.percentile(99)));
        m.put("count", p.count());
        return m;
    }

    private static String predictedSummary(List<TaskPrediction> predictions) {
        StringBuilder b = new StringBuilder();
        for (TaskPrediction p : predictions) {
            b.append(b.length() == 0 ? "" : ", ").append(p.getTask()).append(' ').append(p.getPredicted());
        }
        return b.toString();
    }

    private static String truthSummary(GroundTruth t) {
        return t.getShape().name().toLowerCase(java.util.Locale.ROOT) + ", k " + t.getDeformedCount()
                + (t.getArrangement() == null ? "" : ", " + t.getArrangement().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
