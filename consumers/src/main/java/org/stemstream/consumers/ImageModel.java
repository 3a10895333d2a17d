package org.stemstream.consumers;

import java.util.List;
import org.stemstream.schemas.avro.ParticlePrediction;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/** A classifier model: a batch of images in, per-task predictions out (one list per image). */
public interface ImageModel {
    String name();

    String version();

    List<List<TaskPrediction>> predict(List<StemImage> images);

    /**
     * One image's answer: the predictions for it (for its main particle) and, for a frame that
     * shows several particles, each particle's, main one first (else none).
     */
    record Answer(List<TaskPrediction> predictions, List<ParticlePrediction> particles) {
    }

    /** {@link #predict} with the particles of frames that show several; a model that does not look for them answers none. */
    default List<Answer> answer(List<StemImage> images) {
        return predict(images).stream().map(p -> new Answer(p, List.of())).toList();
    }

    /** Views of each image whose answers are fused into its predictions: 1, or 8 or 4 with test-time augmentation. */
    default int symmetries() {
        return 1;
    }

    /**
     * What test-time augmentation does with this model, for the logs: each image scored in its
     * {@link #symmetries()}, or, for a model whose crop leaves the image one pose, once.
     */
    default String testTimeAugmentation() {
        return symmetries() > 1 ? "each image scored in its " + symmetries() + " symmetries"
                : "each image scored once (the model's crop leaves it one pose: nothing to augment)";
    }

    /**
     * The model to use for the next batch: this one, or for a model that can be replaced while it
     * runs, the current version. A caller takes it once per batch and uses it for the predictions
     * and for the name and version it stamps on them.
     */
    default ImageModel current() {
        return this;
    }
}
