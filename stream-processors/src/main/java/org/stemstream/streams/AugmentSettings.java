package org.stemstream.streams;

/**
 * What the augmentation stage may do to an image; the amounts are drawn per image from its seed
 * (see {@link AugmentPlan#draw}).
 *
 * @param flipProbability probability of a horizontal flip, and independently of a vertical one
 * @param rot90           whether to turn by a random multiple of 90 degrees (0, 90, 180, 270)
 * @param maxRotationDeg  small rotations uniform in [-max, +max] degrees (0 = none); bilinear
 * @param maxShiftPx      whole-pixel shifts uniform in [-max, +max] along each axis (0 = none)
 * @param cropSizePx      square crop of this size at a random position (0 = no crop); images
 *                        not larger than it along an axis keep that axis whole
 * @param gainJitter      intensity gain uniform in [1 - j, 1 + j] (0 = none)
 * @param contrastJitter  contrast about the image mean uniform in [1 - j, 1 + j] (0 = none)
 */
public record AugmentSettings(double flipProbability, boolean rot90, double maxRotationDeg, int maxShiftPx,
                              int cropSizePx, double gainJitter, double contrastJitter) {

    /** Beyond this, use {@code rot90} plus a small rotation: large bilinear turns blur and cut corners. */
    public static final double MAX_ROTATION_DEG = 45;

    public AugmentSettings {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability " + flipProbability + " is not in [0, 1]");
        }
        if (!(maxRotationDeg >= 0 && maxRotationDeg <= MAX_ROTATION_DEG)) {
            throw new IllegalArgumentException("max rotation " + maxRotationDeg + " deg is not in [0, " + MAX_ROTATION_DEG + "]");
        }
        if (maxShiftPx < 0) {
            throw new IllegalArgumentException("max shift " + maxShiftPx + " px is negative");
        }
        if (cropSizePx < 0) {
            throw new IllegalArgumentException("crop size " + cropSizePx + " px is negative (0 = no crop)");
        }
        if (!(gainJitter >= 0 && gainJitter < 1)) {
            throw new IllegalArgumentException("gain jitter " + gainJitter + " is not in [0, 1)");
        }
        if (!(contrastJitter >= 0 && contrastJitter < 1)) {
            throw new IllegalArgumentException("contrast jitter " + contrastJitter + " is not in [0, 1)");
        }
    }

    /** Nothing: images pass with a timestamp only. */
    public static AugmentSettings none() {
        return new AugmentSettings(0, false, 0, 0, 0, 0, 0);
    }

    /**
     * The pipeline default: flips and 90-degree turns only. These are exact pixel permutations
     * (counts and noise statistics unchanged) and map to known rotations of the particle, so the
     * labels stay exact.
     */
    public static AugmentSettings labelPreserving() {
        return new AugmentSettings(0.5, true, 0, 0, 0, 0, 0);
    }

    /**
     * For training sets: flips, 90-degree turns, +-10 degree turns, +-4 px shifts, +-10 % gain and
     * contrast. No crop: its size must match the model's input, so set it with {@link #withCrop}.
     */
    public static AugmentSettings training() {
        return new AugmentSettings(0.5, true, 10, 4, 0, 0.1, 0.1);
    }

    public AugmentSettings withFlipProbability(double p) {
        return new AugmentSettings(p, rot90, maxRotationDeg, maxShiftPx, cropSizePx, gainJitter, contrastJitter);
    }

    public AugmentSettings withRot90(boolean on) {
        return new AugmentSettings(flipProbability, on, maxRotationDeg, maxShiftPx, cropSizePx, gainJitter, contrastJitter);
    }

    public AugmentSettings withMaxRotationDeg(double deg) {
        return new AugmentSettings(flipProbability, rot90, deg, maxShiftPx, cropSizePx, gainJitter, contrastJitter);
    }

    public AugmentSettings withMaxShiftPx(int px) {
        return new AugmentSettings(flipProbability, rot90, maxRotationDeg, px, cropSizePx, gainJitter, contrastJitter);
    }

    /** @param sizePx square crop size, 0 = no crop */
    public AugmentSettings withCrop(int sizePx) {
        return new AugmentSettings(flipProbability, rot90, maxRotationDeg, maxShiftPx, sizePx, gainJitter, contrastJitter);
    }

    public AugmentSettings withGainJitter(double j) {
        return new AugmentSettings(flipProbability, rot90, maxRotationDeg, maxShiftPx, cropSizePx, j, contrastJitter);
    }

    public AugmentSettings withContrastJitter(double j) {
        return new AugmentSettings(flipProbability, rot90, maxRotationDeg, maxShiftPx, cropSizePx, gainJitter, j);
    }
}
