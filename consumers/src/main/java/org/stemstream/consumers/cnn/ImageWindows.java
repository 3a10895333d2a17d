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
        return of(image.getImageId(), new AcquisitionAdapter.Frame(Pixels.decode(image), image.getWidth(), image.getHeight()),
                image.getPixelSizeNm(), image.getImaging() == null ? null : image.getImaging().getDose(), metadata);
    }

    /** @param dose counts per pixel per nm of gold, or null if unknown */
    static ImageWindows of(String imageId, AcquisitionAdapter.Frame frame, double pixelSizeNm, Double dose, ModelMetadata metadata) {
        int width = metadata.imageWidth();
        int height = metadata.imageHeight();
        if (metadata.acquisition() == null) {
            if (frame.width() != width || frame.height() != height) {
                throw new IllegalArgumentException("image " + imageId + " is " + frame.width() + "x"
                        + frame.height() + "; model " + metadata.name() + " takes " + width + "x" + height);
            }
            return new ImageWindows(List.of(frame), List.of());
        }
        AcquisitionAdapter.Frame conditioned = AcquisitionAdapter.adapt(imageId, frame, pixelSizeNm, dose, metadata.acquisition());
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
