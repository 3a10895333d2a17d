package org.stemstream.consumers.train;

import java.util.Map;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ModelMetadata;

/** The int8 scales of a network ({@link ModelMetadata.Int8Scales}) from labelled images, preprocessed as the classifier would. */
public final class Int8Calibration {
    /** Images calibrated on by default: the scales move by a few percent between 512 and 2,000. */
    public static final int IMAGES = 1024;

    private Int8Calibration() {
    }

    /**
     * {@code model}'s scales from images {@code 0..count} of {@code images}, {@code source} saying
     * which they are; null when the network does not run on oneDNN directly.
     */
    public static ModelMetadata.Int8Scales of(CnnModel model, LabelledImages images, int count, Map<String, Object> source) {
        if (count < 1 || count > images.count()) {
            throw new IllegalArgumentException("calibrate on 1 to " + images.count() + " images, not " + count);
        }
        java.util.LinkedHashMap<String, Object> calibration = new java.util.LinkedHashMap<>(source);
        calibration.put("count", count);
        return model.calibrate(NetworkInputs.of(model.metadata().preprocessing(), images, 0, count), count, calibration);
    }
}
