package org.stemstream.consumers.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ProbabilityModel;
import org.stemstream.consumers.cnn.ModelMetadata;

/** Scores a model ({@link CnnModel}, the physics fit) on labelled images, through the model's own inference path. */
public final class Evaluator {
    private Evaluator() {
    }

    /** Scores of every task the model answers, over the images where the task applies. */
    public static List<TaskScore> evaluate(ProbabilityModel model, LabelledImages images) {
        return evaluate(model, images, null);
    }

    /** Like {@link #evaluate(ProbabilityModel, LabelledImages)}, reporting the images scored to {@code progress} (may be null). */
    public static List<TaskScore> evaluate(ProbabilityModel model, LabelledImages images, Progress progress) {
        return score(model.metadata(), probabilities(model, images, progress), images);
    }

    /** Class probabilities {@code [task][image][class]}, in the model's task order, as {@link #evaluate} scores them. */
    public static float[][][] probabilities(ProbabilityModel model, LabelledImages images, Progress progress) {
        return inChunks(model, images, model::probabilities, progress);
    }

    /**
     * Like {@link #probabilities(ProbabilityModel, LabelledImages, Progress)} for images of {@code pixelSizeNm}
     * pixels and {@code dose} (null: the images do not state it), which the model takes as the
     * classifier serves them: brought to its conditions.
     */
    public static float[][][] probabilities(ProbabilityModel model, LabelledImages images, double pixelSizeNm, Double dose, Progress progress) {
        return inChunks(model, images, pixels -> model.probabilitiesAsServed(pixels, images.width(), images.height(), pixelSizeNm, dose), progress);
    }

    /**
     * Probabilities {@code [task][image][class]}, {@value #CHUNK} images at a time: frames far larger
     * than the model's keep only their windows, and a slow model (the physics fit) shows progress.
     */
    private static float[][][] inChunks(ProbabilityModel model, LabelledImages images, Function<List<float[]>, float[][][]> score,
                                        Progress progress) {
        int tasks = model.metadata().tasks().size();
        float[][][] probabilities = new float[tasks][images.count()][];
        if (progress != null) {
            progress.update("score", 0, images.count());
        }
        for (int from = 0; from < images.count(); from += CHUNK) {
            int to = Math.min(images.count(), from + CHUNK);
            List<float[]> pixels = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                pixels.add(images.image(i));
            }
            float[][][] chunk = score.apply(pixels);
            for (int t = 0; t < tasks; t++) {
                System.arraycopy(chunk[t], 0, probabilities[t], from, to - from);
            }
            if (progress != null) {
                progress.update("score", to, images.count());
            }
        }
        return probabilities;
    }

    private static final int CHUNK = 64;

    /** Scores from probabilities {@code [task][image][class]} in the metadata's task order. */
    public static List<TaskScore> score(ModelMetadata metadata, float[][][] probabilities, LabelledImages images) {
        return score(metadata, probabilities, images, i -> true);
    }

    /**
     * {@code task}'s scores among the cuboids with 0, 1 and 2 cut corners hidden inside the outline
     * ({@link LabelledImages#hiddenCuts}), in that order: where a cut is a notch in the silhouette,
     * and where it is only a thickness deficit. Images whose corners are unknown are left out.
     */
    public static List<TaskScore> byHiddenCuts(ModelMetadata metadata, float[][][] probabilities, LabelledImages images, String task) {
        int[] hidden = new int[images.count()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = images.hiddenCuts(i);
        }
        List<TaskScore> out = new ArrayList<>();
        for (int h = 0; h <= 2; h++) {
            int wanted = h;
            out.add(task(score(metadata, probabilities, images, i -> hidden[i] == wanted), task));
        }
        return out;
    }

    private static List<TaskScore> score(ModelMetadata metadata, float[][][] probabilities, LabelledImages images, IntPredicate which) {
        List<TaskScore> out = new ArrayList<>();
        for (int t = 0; t < metadata.tasks().size(); t++) {
            ModelMetadata.TaskHead head = metadata.tasks().get(t);
            int classes = head.classes().size();
            long[][] confusion = new long[classes][classes];
            for (int i = 0; i < images.count(); i++) {
                String truth = images.label(head.task(), i);
                int row = truth == null || !which.test(i) ? -1 : head.classes().indexOf(truth);
                if (row >= 0) {
                    confusion[row][CnnModel.argmax(probabilities[t][i])]++;
                }
            }
            out.add(TaskScore.of(head.task(), head.classes(), confusion));
        }
        return out;
    }

    public static TaskScore task(List<TaskScore> scores, String task) {
        return scores.stream().filter(s -> s.task().equals(task)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the model does not answer " + task));
    }
}
