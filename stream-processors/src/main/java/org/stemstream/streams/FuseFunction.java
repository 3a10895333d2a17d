package org.stemstream.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * Multi-view fusion as pure functions: the classifications of one object's views in, one
 * {@link ObjectClassification} out. Per task, the views' log-probabilities (each probability
 * floored at epsilon) are summed and turned back into probabilities (softmax of the sum): the
 * posterior of independent views under a flat prior. predicted = the most probable class.
 *
 * <p>Fusion is incremental: softmax does not change when a constant is added to every log, so
 * the probabilities fused so far carry all there is to know about the views seen, and
 * {@link #add} of a view to them equals fusing all views at once. The fusion stage keeps exactly
 * this record per object as its state.
 *
 * <p>Tasks are matched by name; a task's classes must be the same list in every view (else
 * {@link IllegalArgumentException}). A task missing from some views is fused over the views that
 * have it.
 *
 * <p>The fused probabilities are floored at e^{@value #LOG_FLOOR} of the most probable class's, so
 * none underflows to 0 however many views disagree with it: a class at 0 would stay at 0 (its log
 * is minus infinity), and later views could never bring it back. Model names and versions that differ between views are joined with "+"; the truth is
 * the first view's that has one (every view of an object shows the same particle); viewsExpected
 * is the first view's (at least 1).
 */
public final class FuseFunction {
    public static final String METHOD = "sum-log-probabilities";
    /** The least log-probability ratio to the best class that the fused probabilities keep (e^-700 is about 1e-304). */
    static final double LOG_FLOOR = -700;

    private final double epsilon;

    public FuseFunction(double epsilon) {
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon " + epsilon + " is not in (0, 1)");
        }
        this.epsilon = epsilon;
    }

    /** All views at once (in order); at least one. */
    public ObjectClassification fuse(List<Classification> views, Instant at) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("no views to fuse");
        }
        ObjectClassification fused = start(views.get(0), at);
        for (Classification v : views.subList(1, views.size())) {
            fused = add(fused, v, at);
        }
        return fused;
    }

    /** The fusion of an object's first view. */
    public ObjectClassification start(Classification view, Instant at) {
        List<TaskPrediction> predictions = new ArrayList<>();
        for (TaskPrediction p : view.getPredictions()) {
            predictions.add(softmax(p.getTask(), p.getClasses(), logs(p, view)));
        }
        int expected = Math.max(1, view.getViewsExpected());
        return ObjectClassification.newBuilder()
                .setObjectId(view.getObjectId())
                .setCampaignId(view.getCampaignId())
                .setViewsExpected(expected)
                .setViewsUsed(1)
                .setImageIds(List.of(view.getImageId()))
                .setComplete(1 >= expected)
                .setModelName(view.getModelName())
                .setModelVersion(view.getModelVersion())
                .setMethod(METHOD)
                .setPredictions(predictions)
                .setTruth(view.getTruth())
                .setFusedAt(at)
                .build();
    }

    /** {@code fused} (views so far) with one more view. */
    public ObjectClassification add(ObjectClassification fused, Classification view, Instant at) {
        if (!fused.getObjectId().equals(view.getObjectId()) || !fused.getCampaignId().equals(view.getCampaignId())) {
            throw new IllegalArgumentException("view " + view.getImageId() + " of object " + view.getObjectId() + " (campaign "
                    + view.getCampaignId() + ") cannot join object " + fused.getObjectId() + " (campaign " + fused.getCampaignId() + ")");
        }
        List<TaskPrediction> predictions = new ArrayList<>(fused.getPredictions());
        for (TaskPrediction p : view.getPredictions()) {
            double[] logs = logs(p, view);
            int i = indexOf(predictions, p.getTask());
            if (i < 0) {
                predictions.add(softmax(p.getTask(), p.getClasses(), logs));
                continue;
            }
            TaskPrediction sofar = predictions.get(i);
            if (!sofar.getClasses().equals(p.getClasses())) {
                throw new IllegalArgumentException("view " + view.getImageId() + " of object " + view.getObjectId() + " has task "
                        + p.getTask() + " classes " + p.getClasses() + ", earlier views " + sofar.getClasses());
            }
            for (int k = 0; k < logs.length; k++) {
                logs[k] += Math.log(sofar.getProbabilities().get(k));
            }
            predictions.set(i, softmax(p.getTask(), p.getClasses(), logs));
        }
        List<String> imageIds = new ArrayList<>(fused.getImageIds());
        imageIds.add(view.getImageId());
        return ObjectClassification.newBuilder(fused)
                .setViewsUsed(fused.getViewsUsed() + 1)
                .setImageIds(imageIds)
                .setComplete(fused.getViewsUsed() + 1 >= fused.getViewsExpected())
                .setModelName(joinDistinct(fused.getModelName(), view.getModelName()))
                .setModelVersion(joinDistinct(fused.getModelVersion(), view.getModelVersion()))
                .setPredictions(predictions)
                .setTruth(fused.getTruth() != null ? fused.getTruth() : view.getTruth())
                .setFusedAt(at)
                .build();
    }

    /** log max(epsilon, p) per class, after checking the prediction's shape. */
    private double[] logs(TaskPrediction p, Classification view) {
        List<Double> probs = p.getProbabilities();
        if (p.getClasses().isEmpty() || probs.size() != p.getClasses().size()) {
            throw new IllegalArgumentException("view " + view.getImageId() + " task " + p.getTask() + " has "
                    + p.getClasses().size() + " classes and " + probs.size() + " probabilities");
        }
        double[] logs = new double[probs.size()];
        for (int k = 0; k < logs.length; k++) {
            double v = probs.get(k);
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("view " + view.getImageId() + " task " + p.getTask() + " class "
                        + p.getClasses().get(k) + " has probability " + v + ", not in [0, 1]");
            }
            logs[k] = Math.log(Math.max(epsilon, v));
        }
        return logs;
    }

    /** exp(max(l - max, LOG_FLOOR)) normalised; predicted is the first most probable class. */
    private static TaskPrediction softmax(String task, List<String> classes, double[] logs) {
        double max = Arrays.stream(logs).max().orElseThrow();
        double[] e = new double[logs.length];
        double sum = 0;
        int best = 0;
        for (int k = 0; k < logs.length; k++) {
            e[k] = Math.exp(Math.max(logs[k] - max, LOG_FLOOR));
            sum += e[k];
            if (logs[k] > logs[best]) {
                best = k;
            }
        }
        List<Double> probs = new ArrayList<>(e.length);
        for (double v : e) {
            probs.add(v / sum);
        }
        return new TaskPrediction(task, List.copyOf(classes), probs, classes.get(best));
    }

    private static int indexOf(List<TaskPrediction> predictions, String task) {
        for (int i = 0; i < predictions.size(); i++) {
            if (predictions.get(i).getTask().equals(task)) {
                return i;
            }
        }
        return -1;
    }

    private static String joinDistinct(String sofar, String next) {
        return Arrays.asList(sofar.split("\\+")).contains(next) ? sofar : sofar + "+" + next;
    }
}
