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

    /** These images followed by {@code other}'s (same size); the scenario and seed stay this set's. */
    public LabelledImages concat(LabelledImages other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("cannot join " + width + "x" + height + " and " + other.width + "x" + other.height + " images");
        }
        int n = count() + other.count();
        int[] k2 = java.util.Arrays.copyOf(k, n);
        int[] a2 = java.util.Arrays.copyOf(arrangement, n);
        String[] s2 = java.util.Arrays.copyOf(shape, n);
        short[] p2 = java.util.Arrays.copyOf(pixels, n * width * height);
        System.arraycopy(other.k, 0, k2, count(), other.count());
        System.arraycopy(other.arrangement, 0, a2, count(), other.count());
        System.arraycopy(other.shape, 0, s2, count(), other.count());
        System.arraycopy(other.pixels, 0, p2, pixels.length, other.pixels.length);
        return new LabelledImages(scenario + "+" + other.scenario, seed, width, height, k2, a2, s2, p2);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public LabelledImages slice(int from, int to) {
        int area = width * height;
        return new LabelledImages(scenario, seed, width, height, java.util.Arrays.copyOfRange(k, from, to),
                java.util.Arrays.copyOfRange(arrangement, from, to), java.util.Arrays.copyOfRange(shape, from, to),
                java.util.Arrays.copyOfRange(pixels, from * area, to * area));
    }

    /** The images at {@code order}'s indices, in that order. */
    public LabelledImages select(int[] order) {
        int area = width * height;
        int[] k2 = new int[order.length];
        int[] a2 = new int[order.length];
        String[] s2 = new String[order.length];
        short[] p2 = new short[order.length * area];
        for (int j = 0; j < order.length; j++) {
            int i = order[j];
            k2[j] = k[i];
            a2[j] = arrangement[i];
            s2[j] = shape[i];
            System.arraycopy(pixels, i * area, p2, j * area, area);
        }
        return new LabelledImages(scenario, seed, width, height, k2, a2, s2, p2);
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

    /**
     * The true label of {@code task} as the models name classes (see TaskLabels), or null when it
     * does not apply: the deformation tasks T1-T3 apply to cuboids only, T3 to k = 2 only.
     */
    public String label(String task, int i) {
        if (!task.equals("T4") && !shape[i].equals("cuboid")) {
            return null;
        }
        return switch (task) {
            case "T1" -> k[i] > 0 ? "deformed" : "not-deformed";
            case "T2" -> Integer.toString(k[i]);
            case "T3" -> arrangement[i] < 0 ? null : Arrangement.values()[arrangement[i]].name().toLowerCase(Locale.ROOT).replace('_', '-');
            case "T4" -> shape[i];
            default -> throw new IllegalArgumentException("unknown task " + task + " (T1, T2, T3, T4)");
        };
    }
}
