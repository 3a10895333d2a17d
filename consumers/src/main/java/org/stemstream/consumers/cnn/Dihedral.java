package org.stemstream.consumers.cnn;

/**
 * The 8 symmetries of the square (the identity, three quarter turns and four flips) on square
 * single-channel images laid out row by row. The trainer draws one per image as augmentation;
 * {@link CnnModel} can score an image in all 8 and combine the answers (test-time augmentation).
 * Variant bits: 1 flips x, 2 flips y, 4 transposes (applied to the source coordinates first).
 */
public final class Dihedral {
    /** How many variants there are: 0 is the identity. */
    public static final int COUNT = 8;

    private Dihedral() {
    }

    /** Writes variant {@code variant} of the {@code side} x {@code side} image at {@code src[srcOffset]} to {@code dst[dstOffset]}. */
    public static void apply(float[] src, int srcOffset, float[] dst, int dstOffset, int side, int variant) {
        boolean transpose = (variant & 4) != 0, flipX = (variant & 1) != 0, flipY = (variant & 2) != 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int sx = flipX ? side - 1 - x : x;
                int sy = flipY ? side - 1 - y : y;
                int from = transpose ? sx * side + sy : sy * side + sx;
                dst[dstOffset + y * side + x] = src[srcOffset + from];
            }
        }
    }
}
