package org.stemstream.consumers.cnn;

import org.stemstream.simulator.fit.DoseEstimate;
import org.stemstream.simulator.noise.GaussianBlur;
import org.stemstream.simulator.noise.GaussianKernel;

/**
 * Brings an image taken under other conditions to those of a model's training images
 * ({@link ModelMetadata.Acquisition}), before preprocessing: a microscope's frames come in many
 * sizes and pixel sizes, and a request may ask for another raster or dose than the scenario's.
 *
 * <ul>
 * <li><b>Pixel size:</b> the image is resampled to the model's pixel size, each new pixel the
 * mean of the old pixels it covers, weighted by the area they share (exact for any ratio). The
 * simulator's dose is per pixel, so the mean keeps counts per nm of gold unchanged. The field of
 * view stays; preprocessing then crops around the particle whatever the frame's size. Images more
 * than {@link #MAX_COARSER} times coarser than the model's pixels are refused: a cut corner of
 * 1.6 nm would span less than 3 of their pixels, and upsampling cannot restore it.</li>
 * <li><b>Dose:</b> when the image states its dose (counts per pixel per nm of gold), the counts
 * are scaled by the model's dose over the image's, so a thickness reads as in training. An image
 * without a dose (a detector's uncalibrated counts) has its dose estimated from the film's counts
 * in its border ({@link DoseEstimate}), taking the film to be the training images' (the model's
 * {@code filmGoldNm}), and is scaled by that; a model whose metadata does not state its film
 * takes such an image as it comes.</li>
 * <li><b>Noise:</b> scaling the counts of a lower dose brings the mean to the model's, not the
 * noise: a quarter of the electrons leaves twice the noise. When a frame's electrons per model
 * pixel (its dose, times the image pixels that each model pixel averages) fall below
 * {@link #NOISIER} of the model's, it is smoothed with the Gaussian that brings white noise's
 * variance down by that ratio ({@link #smoothingSigma}). The net then sees its training noise and
 * a little more blur, which is nearer what it learnt than twice the noise. The physics fit, whose
 * likelihood needs the counts' own noise, takes its frames unsmoothed.</li>
 * </ul>
 * A frame wider than the model's is then cut around its particles ({@link ImageWindows}).
 */
public final class AcquisitionAdapter {
    /** The coarsest pixel accepted, as a multiple of the model's. */
    public static final double MAX_COARSER = 2.0;
    /** Pixel sizes this close (relative) count as equal: no resampling. */
    static final double SAME = 1e-6;
    /** A frame with fewer electrons per model pixel than this fraction of the model's is smoothed to its noise. */
    public static final double NOISIER = 0.9;

    private AcquisitionAdapter() {
    }

    /**
     * Why pixels of {@code pixelSizeNm} are too coarse for a model trained at {@code model}'s
     * ({@code "0.6 nm pixels, more than 2 times the model's 0.25 nm: ..."}); empty when they are not.
     */
    public static java.util.Optional<String> tooCoarse(double pixelSizeNm, ModelMetadata.Acquisition model) {
        if (pixelSizeNm / model.pixelSizeNm() <= MAX_COARSER * (1 + SAME)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(pixelSizeNm + " nm pixels, more than " + (int) MAX_COARSER + " times the model's " + model.pixelSizeNm()
                + " nm: too coarse to show its corners");
    }

    /** An image's pixels, row-major, and its size. */
    public record Frame(float[] pixels, int width, int height) {
        public Frame {
            if (width <= 0 || height <= 0 || pixels.length != width * height) {
                throw new IllegalArgumentException(pixels.length + " pixels for a " + width + "x" + height + " frame");
            }
        }
    }

    /**
     * {@code frame} in the model's conditions; the same frame when they already match.
     *
     * @param imageId     named in errors
     * @param pixelSizeNm the image's pixel size
     * @param dose        the image's dose in counts per pixel per nm of gold, or null if unknown (then
     *                    estimated, when the model states its film)
     * @throws IllegalArgumentException for a pixel size that is not a positive number, or more than {@link #MAX_COARSER} times the model's
     */
    public static Frame adapt(String imageId, Frame frame, double pixelSizeNm, Double dose, ModelMetadata.Acquisition model) {
        return adapt(imageId, frame, pixelSizeNm, dose, model, true);
    }

    /** {@link #adapt(String, Frame, double, Double, ModelMetadata.Acquisition)}, smoothing a lower dose's noise only if {@code matchNoise}. */
    public static Frame adapt(String imageId, Frame frame, double pixelSizeNm, Double dose, ModelMetadata.Acquisition model,
                              boolean matchNoise) {
        if (!(pixelSizeNm > 0 && Double.isFinite(pixelSizeNm))) {
            throw new IllegalArgumentException("image " + imageId + " has pixel size " + pixelSizeNm + " nm");
        }
        double ratio = pixelSizeNm / model.pixelSizeNm();
        java.util.Optional<String> coarse = tooCoarse(pixelSizeNm, model);
        if (coarse.isPresent()) {
            throw new IllegalArgumentException("image " + imageId + " has " + coarse.get());
        }
        Frame out = Math.abs(ratio - 1) <= SAME ? frame : resample(frame, ratio);
        Double known = dose == null && model.filmGoldNm() != null ? Double.valueOf(estimatedDose(imageId, out, model)) : dose;
        if (known != null && known > 0 && Double.isFinite(known) && Math.abs(known / model.dose() - 1) > SAME) {
            float gain = (float) (model.dose() / known);
            float[] scaled = out == frame ? frame.pixels().clone() : out.pixels();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= gain;
            }
            out = new Frame(scaled, out.width(), out.height());
            // a model pixel averages 1 / ratio^2 finer pixels; a coarser pixel's noise is copied, not averaged
            double electrons = known / Math.pow(Math.min(ratio, 1), 2) / model.dose();
            if (matchNoise && electrons < NOISIER) {
                float[] smoothed = GaussianBlur.blur(out.pixels(), out.width(), out.height(), smoothingSigma(electrons));
                out = new Frame(smoothed, out.width(), out.height());
            }
        }
        return out;
    }

    /**
     * The Gaussian's sigma in pixels whose 2-D filter multiplies white noise's variance by
     * {@code varianceFactor} (in (0, 1]): the square of its 1-D kernel's sum of squared weights.
     */
    static double smoothingSigma(double varianceFactor) {
        if (!(varianceFactor > 0 && varianceFactor <= 1)) {
            throw new IllegalArgumentException("variance factor " + varianceFactor + " not in (0, 1]");
        }
        double lo = 0, hi = 8;
        for (int i = 0; i < 50; i++) {
            double mid = (lo + hi) / 2;
            double s = GaussianKernel.sumOfSquares(GaussianKernel.weights(mid));
            if (s * s > varianceFactor) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * The dose of a frame that states none, read off its film's counts at the model's pixel size
     * ({@link DoseEstimate}: the border's film, else the particle's thickest counts).
     */
    static double estimatedDose(String imageId, Frame frame, ModelMetadata.Acquisition model) {
        try {
            return DoseEstimate.of(frame.pixels(), frame.width(), frame.height(), model.pixelSizeNm(), model.filmGoldNm());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image " + imageId + " states no dose and " + e.getMessage(), e);
        }
    }

    /**
     * Area-weighted resampling by {@code ratio} (old pixel size over new): the frame becomes
     * round(width x ratio) x round(height x ratio) pixels, at least 1 x 1.
     */
    static Frame resample(Frame frame, double ratio) {
        int w = Math.max(1, (int) Math.round(frame.width() * ratio));
        int h = Math.max(1, (int) Math.round(frame.height() * ratio));
        double step = 1 / ratio; // old pixels per new pixel
        float[] rows = new float[w * frame.height()];
        for (int y = 0; y < frame.height(); y++) {
            resampleLine(frame.pixels(), y * frame.width(), 1, frame.width(), rows, y * w, 1, w, step);
        }
        float[] out = new float[w * h];
        for (int x = 0; x < w; x++) {
            resampleLine(rows, x, w, frame.height(), out, x, w, h, step);
        }
        return new Frame(out, w, h);
    }

    /**
     * One line: new pixel j covers old coordinates [j step, (j + 1) step), clipped to the old
     * line; its value is the overlap-weighted mean of the old pixels there.
     */
    private static void resampleLine(float[] src, int srcStart, int srcStride, int n, float[] dst, int dstStart, int dstStride,
                                     int m, double step) {
        for (int j = 0; j < m; j++) {
            double a = j * step;
            double b = Math.min((j + 1) * step, n);
            if (a >= n) { // the rounded size reaches past the old line: repeat its last pixel
                a = n - Math.min(step, n);
                b = n;
            }
            double sum = 0;
            double covered = 0;
            for (int k = (int) Math.floor(a); k < b; k++) {
                double overlap = Math.min(b, k + 1) - Math.max(a, k);
                sum += overlap * src[srcStart + k * srcStride];
                covered += overlap;
            }
            dst[dstStart + j * dstStride] = (float) (sum / covered);
        }
    }
}
