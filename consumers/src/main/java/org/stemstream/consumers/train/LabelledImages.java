package org.stemstream.consumers.train;

import java.util.Locale;
import org.stemstream.simulator.Arrangement;

/**
 * Noisy detector images (uint16 counts, row-major, image after image) with their ground truth:
 * deformed-corner count k, arrangement ordinal (-1 unless k = 2) and shape name.
 */
public record LabelledImages(String scenario, long seed, int width, int height,
                             int[] k, int[] arrangement, String[] shape, short[] pixels) {

    public LabelledImages {
        if (pixels.length != (long) k.length * width * height || arrangement.length != k.length || shape.length != k.length) {
            throw new IllegalArgumentException(pixels.length + " pixels, " + k.length + " labels for " + width + "x" + height + " images");
        }
    }

    public int count() {
        return k.length;
    }

    /** Image {@code i}'s counts as floats. */
    public float[] image(int i) {
        int area = width * height;
        float[] out = new float[area];
        for (int p = 0; p < area; p++) {
            out[p] = Short.toUnsignedInt(pixels[i * area + p]);
        }
        return out;
    }

    /** The true label of {@code task} as the models name classes (see TaskLabels), or null when it does not apply. */
    public String label(String task, int i) {
        return switch (task) {
            case "T1" -> k[i] > 0 ? "deformed" : "not-deformed";
            case "T2" -> Integer.toString(k[i]);
            case "T3" -> arrangement[i] < 0 ? null : Arrangement.values()[arrangement[i]].name().toLowerCase(Locale.ROOT).replace('_', '-');
            case "T4" -> shape[i];
            default -> throw new IllegalArgumentException("unknown task " + task + " (T1, T2, T3, T4)");
        };
    }
}
