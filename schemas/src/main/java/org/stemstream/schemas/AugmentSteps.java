package org.stemstream.schemas;

/**
 * The names the augmentation stage gives the steps it appends to an image's provenance, and
 * their parameters: what a later stage reads to know how the image was changed (the physics fit
 * undoes the quarter turns and the intensity changes, to see the counts as they were scanned).
 */
public final class AugmentSteps {
    public static final String FLIP_HORIZONTAL = "flip-horizontal";
    public static final String FLIP_VERTICAL = "flip-vertical";
    /** Parameter {@value #QUARTER_TURNS}: 1..3, clockwise on screen (y points down). */
    public static final String ROTATE_90 = "rotate-90";
    public static final String QUARTER_TURNS = "quarterTurns";
    public static final String ROTATE = "rotate";
    public static final String SHIFT = "shift";
    public static final String CROP = "crop";
    /** v -> mean + (v - mean) x {@value #FACTOR}, with the image's {@value #MEAN} before it. */
    public static final String CONTRAST = "contrast";
    /** v -> v x {@value #FACTOR}, after the contrast. */
    public static final String GAIN = "gain";
    public static final String FACTOR = "factor";
    public static final String MEAN = "mean";

    private AugmentSteps() {
    }
}
