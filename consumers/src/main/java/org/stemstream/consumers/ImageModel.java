package org.stemstream.consumers;

import java.util.List;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/** A classifier model: a batch of images in, per-task predictions out (one list per image). */
public interface ImageModel {
    String name();

    String version();

    List<List<TaskPrediction>> predict(List<StemImage> images);

    /** Views of each image whose answers are fused into its predictions: 1, or 8 with test-time augmentation. */
    default int symmetries() {
        return 1;
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
