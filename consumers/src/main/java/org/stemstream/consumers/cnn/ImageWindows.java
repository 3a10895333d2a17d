package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.List;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.StemImage;

/**
 * What a model looks at in one image: the image in the model's acquisition conditions
 * ({@link AcquisitionAdapter}) and, in a frame wider than the model's, a model-sized window on
 * each particle ({@link ParticleWindow}), the main one first. The training frames show one
 * particle near their centre, and preprocessing finds it by a centroid that a wide frame's noise
 * would pull towards the frame's centre.
 *
 * @param frames    the model-ready frames: one, or one per particle when there are several
 * @param particles the particles the frames are centred on, in the adapted frame's pixels; empty
 *                  unless there are several
 */
record ImageWindows(List<AcquisitionAdapter.Frame> frames, List<ParticleWindow.Particle> particles) {

    /** A model that states no acquisition conditions takes only images of its own size, as they come. */
    static ImageWindows of(StemImage image, ModelMetadata metadata) {
        AcquisitionAdapter.Frame frame = new AcquisitionAdapter.Frame(Pixels.decode(image), image.getWidth(), image.getHeight());
        int width = metadata.imageWidth();
        int height = metadata.imageHeight();
        if (metadata.acquisition() == null) {
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new IllegalArgumentException("image " + image.getImageId() + " is " + image.getWidth() + "x"
                        + image.getHeight() + "; model " + metadata.name() + " takes " + width + "x" + height);
            }
            return new ImageWindows(List.of(frame), List.of());
        }
        Double dose = image.getImaging() == null ? null : image.getImaging().getDose();
        AcquisitionAdapter.Frame conditioned = AcquisitionAdapter.adapt(image.getImageId(), frame, image.getPixelSizeNm(), dose,
                metadata.acquisition());
        if (conditioned.width() <= width && conditioned.height() <= height) {
            return new ImageWindows(List.of(conditioned), List.of());
        }
        ParticleWindow.Found found = ParticleWindow.find(conditioned);
        if (found.particles().size() <= 1) {
            return new ImageWindows(List.of(ParticleWindow.cut(conditioned, found, width, height)), List.of());
        }
        List<AcquisitionAdapter.Frame> windows = new ArrayList<>();
        for (ParticleWindow.Particle p : found.particles()) {
            windows.add(ParticleWindow.window(conditioned, p, found.background(), width, height));
        }
        return new ImageWindows(windows, found.particles());
    }
}
