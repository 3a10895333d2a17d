package org.stemstream.streams;

import java.util.SplittableRandom;

/**
 * The concrete augmentation of one image, applied in this order: horizontal flip, vertical flip,
 * {@code quarterTurns} x 90 degrees, a small rotation, a whole-pixel shift, a crop, then contrast
 * and gain. Drawn from the image's seed by {@link #draw}, or written out directly (tests, replays).
 *
 * @param rotationDeg small rotation (positive: clockwise on screen, see {@link Raster})
 * @param cropWidth   0 = no crop; otherwise the window (cropX, cropY, cropWidth, cropHeight) of the
 *                    image as it is after the turns
 * @param gain        intensity factor (1 = none)
 * @param contrast    contrast factor about the image mean (1 = none)
 */
public record AugmentPlan(boolean flipHorizontal, boolean flipVertical, int quarterTurns, double rotationDeg,
                          int shiftX, int shiftY, int cropX, int cropY, int cropWidth, int cropHeight,
                          double gain, double contrast) {

    /** Changes nothing. */
    public static AugmentPlan identity() {
        return new AugmentPlan(false, false, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
    }

    public static AugmentPlan flips(boolean horizontal, boolean vertical) {
        return new AugmentPlan(horizontal, vertical, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
    }

    public static AugmentPlan turns(int quarterTurns) {
        return new AugmentPlan(false, false, quarterTurns, 0, 0, 0, 0, 0, 0, 0, 1, 1);
    }

    public static AugmentPlan rotation(double degrees) {
        return new AugmentPlan(false, false, 0, degrees, 0, 0, 0, 0, 0, 0, 1, 1);
    }

    /**
     * Every choice for a {@code width x height} image. The same number of draws is made whatever
     * the settings, in a fixed order, so switching one augmentation on or off leaves the others'
     * values for a given seed unchanged.
     */
    public static AugmentPlan draw(AugmentSettings s, int width, int height, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean flipH = rnd.nextDouble() < s.flipProbability();
        boolean flipV = rnd.nextDouble() < s.flipProbability();
        int turns = (int) (rnd.nextDouble() * 4);
        double angle = (2 * rnd.nextDouble() - 1) * s.maxRotationDeg();
        int dx = uniformInt(rnd.nextDouble(), s.maxShiftPx());
        int dy = uniformInt(rnd.nextDouble(), s.maxShiftPx());
        double ux = rnd.nextDouble();
        double uy = rnd.nextDouble();
        double gain = 1 + (2 * rnd.nextDouble() - 1) * s.gainJitter();
        double contrast = 1 + (2 * rnd.nextDouble() - 1) * s.contrastJitter();

        int quarterTurns = s.rot90() ? turns : 0;
        int w = quarterTurns % 2 == 0 ? width : height;
        int h = quarterTurns % 2 == 0 ? height : width;
        int cw = s.cropSizePx() == 0 ? w : Math.min(s.cropSizePx(), w);
        int ch = s.cropSizePx() == 0 ? h : Math.min(s.cropSizePx(), h);
        boolean crop = cw < w || ch < h;
        return new AugmentPlan(flipH, flipV, quarterTurns, s.maxRotationDeg() == 0 ? 0 : angle, dx, dy,
                crop ? (int) (ux * (w - cw + 1)) : 0, crop ? (int) (uy * (h - ch + 1)) : 0,
                crop ? cw : 0, crop ? ch : 0, gain, contrast);
    }

    /** Uniform on -max..max from one uniform double. */
    private static int uniformInt(double u, int max) {
        return (int) Math.floor(u * (2 * max + 1)) - max;
    }
}
