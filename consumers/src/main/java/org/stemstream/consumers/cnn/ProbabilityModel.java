package org.stemstream.consumers.cnn;

import java.util.List;

/**
 * A model the evaluator can score: class probabilities {@code [task][image][class]}, in the order
 * of its {@link ModelMetadata#tasks()}, for raw frames. {@link CnnModel} and the physics fit
 * ({@code org.stemstream.consumers.fit.FitModel}) are two.
 */
public interface ProbabilityModel {

    String name();

    String version();

    ModelMetadata metadata();

    /** For frames of the metadata's size, already in its acquisition conditions. */
    float[][][] probabilities(List<float[]> pixels);

    /**
     * For {@code width x height} frames of {@code pixelSizeNm} pixels and {@code dose} (null:
     * unknown), brought to the model's conditions as the classifier brings them ({@link ImageWindows};
     * the main particle's window).
     */
    float[][][] probabilitiesAsServed(List<float[]> pixels, int width, int height, double pixelSizeNm, Double dose);
}
