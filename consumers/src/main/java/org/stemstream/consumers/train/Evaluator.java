package org.stemstream.consumers.train;

import java.util.ArrayList;
import java.util.List;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ProbabilityModel;
import org.stemstream.consumers.cnn.ModelMetadata;

/** Scores a model ({@link CnnModel}, the physics fit) on labelled images, through the model's own inference path. */
public final class Evaluator {
    private Evaluator() {
    }

    /** Scores of every task the model answers, over the images where the task applies. */
    public static List<TaskScore> evaluate(ProbabilityModel model, LabelledImages images) {
        List<float[]> pixels = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            pixels.add(images.image(i));
        }
        return score(model.metadata(), model.probabilities(pixels), images);
    }

    /**
     * Like {@link #evaluate(ProbabilityModel, LabelledImages)} for images of {@code pixelSizeNm} pixels and
     * {@code dose}, which the model takes as the classifier serves them: brought to its conditions.
     */
    public static List<TaskScore> evaluate(ProbabilityModel model, LabelledImages images, double pixelSizeNm, double dose) {
        int tasks = model.metadata().tasks().size();
        float[][][] probabilities = new float[tasks][images.count()][];
        // a chunk at a time: the frames may be far larger than the model's, and only their windows are kept
        for (int from = 0; from < images.count(); from += CHUNK) {
            int to = Math.min(images.count(), from + CHUNK);
            List<float[]> pixels = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                pixels.add(images.image(i));
            }
            float[][][] chunk = model.probabilitiesAsServed(pixels, images.width(), images.height(), pixelSizeNm, dose);
            for (int t = 0; t < tasks; t++) {
                System.arraycopy(chunk[t], 0, probabilities[t], from, to - from);
            }
        }
        return score(model.metadata(), probabilities, images);
    }

    private static final int CHUNK = 256;

    /** Scores from probabilities {@code [task][image][class]} in the metadata's task order. */
    public static List<TaskScore> score(ModelMetadata metadata, float[][][] probabilities, LabelledImages images) {
        List<TaskScore> out = new ArrayList<>();
        for (int t = 0; t < metadata.tasks().size(); t++) {
            ModelMetadata.TaskHead head = metadata.tasks().get(t);
            int classes = head.classes().size();
            long[][] confusion = new long[classes][classes];
            for (int i = 0; i < images.count(); i++) {
                String truth = images.label(head.task(), i);
                int row = truth == null ? -1 : head.classes().indexOf(truth);
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
