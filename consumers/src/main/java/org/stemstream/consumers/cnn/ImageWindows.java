package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.List;
import org.stemstream.schemas.Pixels;
import org.stemstream.consumers.ImageModel;
import org.stemstream.schemas.avro.ParticlePrediction;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

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
public record ImageWindows(List<AcquisitionAdapter.Frame> frames, List<ParticleWindow.Particle> particles) {

    /** A model that states no acquisition conditions takes only images of its own size, as they come. */
    public static ImageWindows of(StemImage image, ModelMetadata metadata) {
        return of(image.getImageId(), new AcquisitionAdapter.Frame(Pixels.decode(image), image.getWidth(), image.getHeight()),
                image.getPixelSizeNm(), image.getImaging() == null ? null : image.getImaging().getDose(), metadata);
    }

    /** @param dose counts per pixel per nm of gold, or null if unknown */
    public static ImageWindows of(String imageId, AcquisitionAdapter.Frame frame, double pixelSizeNm, Double dose, ModelMetadata metadata) {
        int width = metadata.imageWidth();
        int height = metadata.imageHeight();
        if (metadata.acquisition() == null) {
            if (frame.width() != width || frame.height() != height) {
                throw new IllegalArgumentException("image " + imageId + " is " + frame.width() + "x"
                        + frame.height() + "; model " + metadata.name() + " takes " + width + "x" + height);
            }
            return new ImageWindows(List.of(frame), List.of());
        }
        // a network (it has preprocessing) sees its training noise; the physics fit's likelihood needs the counts' own
        AcquisitionAdapter.Frame conditioned = AcquisitionAdapter.adapt(imageId, frame, pixelSizeNm, dose, metadata.acquisition(),
                metadata.preprocessing() != null);
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

    /** The windows of a batch of images, and all their frames in order (the main particle's first within each image). */
    public record Batch(List<ImageWindows> perImage, List<AcquisitionAdapter.Frame> frames) {

        public static Batch of(List<StemImage> images, ModelMetadata metadata) {
            List<ImageWindows> perImage = new ArrayList<>(images.size());
            List<AcquisitionAdapter.Frame> frames = new ArrayList<>();
            for (StemImage image : images) {
                ImageWindows windows = ImageWindows.of(image, metadata);
                perImage.add(windows);
                frames.addAll(windows.frames());
            }
            return new Batch(perImage, frames);
        }

        /**
         * Each image's answer from the probabilities {@code [task][frame][class]} of {@link #frames()}:
         * its predictions answer for its first (main) frame, and a frame that shows several particles
         * lists each with its centre in nm.
         */
        public List<ImageModel.Answer> answers(float[][][] probabilities, ModelMetadata metadata) {
            List<ImageModel.Answer> out = new ArrayList<>(perImage.size());
            double pixelNm = metadata.acquisition() == null ? 0 : metadata.acquisition().pixelSizeNm(); // particles are listed only with one
            int k = 0;
            for (ImageWindows windows : perImage) {
                List<TaskPrediction> main = predictions(probabilities, k, metadata);
                List<ParticlePrediction> particles = new ArrayList<>();
                for (int p = 0; p < windows.particles().size(); p++) {
                    ParticleWindow.Particle particle = windows.particles().get(p);
                    particles.add(new ParticlePrediction((particle.x() + 0.5) * pixelNm, (particle.y() + 0.5) * pixelNm, particle.signal(),
                            p == 0 ? main : predictions(probabilities, k + p, metadata)));
                }
                out.add(new ImageModel.Answer(main, particles));
                k += windows.frames().size();
            }
            return out;
        }
    }

    /**
     * The main particle's window of each {@code width x height} frame of {@code pixelSizeNm} pixels
     * and {@code dose} (null: unknown), brought to the model's conditions as the classifier brings
     * them (the path the evaluator takes).
     */
    public static List<AcquisitionAdapter.Frame> mainFrames(List<float[]> pixels, int width, int height, double pixelSizeNm, Double dose,
                                                            ModelMetadata metadata) {
        List<AcquisitionAdapter.Frame> frames = new ArrayList<>(pixels.size());
        for (int i = 0; i < pixels.size(); i++) {
            frames.add(of("#" + i, new AcquisitionAdapter.Frame(pixels.get(i), width, height), pixelSizeNm, dose, metadata).frames().get(0));
        }
        return frames;
    }

    /** The task predictions of frame {@code i}. */
    private static List<TaskPrediction> predictions(float[][][] probabilities, int i, ModelMetadata metadata) {
        List<TaskPrediction> perTask = new ArrayList<>(metadata.tasks().size());
        for (int t = 0; t < metadata.tasks().size(); t++) {
            ModelMetadata.TaskHead head = metadata.tasks().get(t);
            float[] p = probabilities[t][i];
            List<Double> probs = new ArrayList<>(p.length);
            for (float v : p) {
                probs.add((double) v);
            }
            perTask.add(new TaskPrediction(head.task(), head.classes(), probs, head.classes().get(CnnModel.argmax(p))));
        }
        return perTask;
    }
}
