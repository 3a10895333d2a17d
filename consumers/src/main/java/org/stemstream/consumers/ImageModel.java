package org.stemstream.consumers;

import java.util.List;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/** A classifier model: a batch of images in, per-task predictions out (one list per image). */
public interface ImageModel {
    String name();

    String version();

    List<List<TaskPrediction>> predict(List<StemImage> images);
}
