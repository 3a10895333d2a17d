package org.stemstream.consumers.train;

import java.util.ArrayList;
import java.util.List;
import org.stemstream.consumers.cnn.ModelMetadata;

/** The class mix each head was trained on, which the classifier divides out to answer under equal priors. */
final class TrainingPriors {
    private TrainingPriors() {
    }

    /**
     * {@code heads}, each with its {@linkplain ModelMetadata.TaskHead#trainingPrior() training prior}:
     * the share of each class among the first {@code n} images (the training images; with fresh
     * data, the first epoch's) that teach the head, counting one more of every class so that none
     * is 0. A head that none of them teaches keeps none.
     */
    static List<ModelMetadata.TaskHead> of(List<ModelMetadata.TaskHead> heads, LabelledImages images, int n) {
        List<ModelMetadata.TaskHead> out = new ArrayList<>();
        for (ModelMetadata.TaskHead head : heads) {
            long[] counts = new long[head.classes().size()];
            long taught = 0;
            for (int i = 0; i < n; i++) {
                String label = images.label(head.task(), i);
                if (label != null) {
                    counts[head.classes().indexOf(label)]++;
                    taught++;
                }
            }
            if (taught == 0) {
                out.add(head);
                continue;
            }
            List<Double> prior = new ArrayList<>();
            for (long count : counts) {
                prior.add((count + 1.0) / (taught + counts.length));
            }
            out.add(head.withTrainingPrior(prior));
        }
        return out;
    }
}
