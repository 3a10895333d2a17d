package org.stemstream.consumers.train;

import java.util.List;
import java.util.Locale;
import org.stemstream.simulator.Arrangement;

/**
 * Noisy detector images (uint16 counts, row-major, image after image) with their ground truth:
 * deformed-corner count k, arrangement ordinal (-1 unless k = 2), shape name, and where a
 * cuboid's corners fall in the image: {@value #CORNER_VALUES} floats per image, (column, row, cut)
 * for corners 0..7 (pixel units as {@link org.stemstream.simulator.Labels#projectedCorners}; cut
 * 1 or 0), all NaN where unknown (other shapes, images read off a topic). {@code tasks} says which
 * tasks' labels each image teaches and scores (bits {@link #task}); an auxiliary set rendered for
 * one task (say, only two-corner cuboids for T3) must not skew the others' class balance.
 */
public record LabelledImages(String scenario, long seed, int width, int height,
                             int[] k, int[] arrangement, String[] shape, float[] corners, byte[] tasks, short[] pixels) {
    public static final int CORNER_VALUES = 24;
    public static final List<String> TASKS = List.of("T1", "T2", "T3", "T4");
    /** Every task bit set. */
    public static final byte ALL_TASKS = 0b1111;

    public LabelledImages {
        if (pixels.length != (long) k.length * width * height || arrangement.length != k.length || shape.length != k.length
                || corners.length != (long) k.length * CORNER_VALUES || tasks.length != k.length) {
            throw new IllegalArgumentException(pixels.length + " pixels, " + k.length + " labels, " + corners.length
                    + " corner values for " + width + "x" + height + " images");
        }
    }

    /** Corner values for {@code n} images whose corners are unknown. */
    public static float[] unknownCorners(int n) {
        float[] c = new float[n * CORNER_VALUES];
        java.util.Arrays.fill(c, Float.NaN);
        return c;
    }

    /** The bit of {@code task} in {@link #tasks()}. */
    public static byte task(String task) {
        int i = TASKS.indexOf(task);
        if (i < 0) {
            throw new IllegalArgumentException("unknown task " + task + " " + TASKS);
        }
        return (byte) (1 << i);
    }

    /** Every task for {@code n} images. */
    public static byte[] allTasks(int n) {
        byte[] t = new byte[n];
        java.util.Arrays.fill(t, ALL_TASKS);
        return t;
    }

    /** A copy whose images teach and score only {@code onlyTasks}. */
    public LabelledImages forTasks(java.util.Collection<String> onlyTasks) {
        byte mask = 0;
        for (String t : onlyTasks) {
            mask |= task(t);
        }
        byte[] t2 = new byte[count()];
        java.util.Arrays.fill(t2, mask);
        return new LabelledImages(scenario, seed, width, height, k, arrangement, shape, corners, t2, pixels);
    }

    /** Whether image {@code i} teaches and scores {@code task}. */
    public boolean teaches(String task, int i) {
        return (tasks[i] & task(task)) != 0;
    }

    /** Whether image {@code i}'s corner positions are known. */
    public boolean cornersKnown(int i) {
        return !Float.isNaN(corners[i * CORNER_VALUES]);
    }

    /**
     * How many of image {@code i}'s cut corners project inside the particle's outline
     * ({@link org.stemstream.simulator.Labels#insideOutline}), where a cut shows only as a thickness
     * deficit: 0 to 2 for a cuboid, -1 where its corners are unknown.
     */
    public int hiddenCuts(int i) {
        if (!cornersKnown(i)) {
            return -1;
        }
        int n = org.stemstream.simulator.Cuboid.CORNERS;
        boolean[] inside = org.stemstream.simulator.Labels.insideOutline(cornerPoints(i));
        int hidden = 0;
        for (int c = 0; c < n; c++) {
            hidden += inside[c] && corners[i * CORNER_VALUES + 3 * c + 2] > 0.5f ? 1 : 0;
        }
        return hidden;
    }

    /** Image {@code i}'s corners as (column, row) pairs, as {@link org.stemstream.simulator.Labels#projectedCorners} gives them. */
    public double[] cornerPoints(int i) {
        double[] uv = new double[2 * org.stemstream.simulator.Cuboid.CORNERS];
        for (int c = 0; c < uv.length / 2; c++) {
            uv[2 * c] = corners[i * CORNER_VALUES + 3 * c];
            uv[2 * c + 1] = corners[i * CORNER_VALUES + 3 * c + 1];
        }
        return uv;
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
        float[] c2 = java.util.Arrays.copyOf(corners, n * CORNER_VALUES);
        byte[] t2 = java.util.Arrays.copyOf(tasks, n);
        System.arraycopy(other.tasks, 0, t2, count(), other.count());
        System.arraycopy(other.corners, 0, c2, corners.length, other.corners.length);
        System.arraycopy(other.k, 0, k2, count(), other.count());
        System.arraycopy(other.arrangement, 0, a2, count(), other.count());
        System.arraycopy(other.shape, 0, s2, count(), other.count());
        System.arraycopy(other.pixels, 0, p2, pixels.length, other.pixels.length);
        return new LabelledImages(scenario + "+" + other.scenario, seed, width, height, k2, a2, s2, c2, t2, p2);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public LabelledImages slice(int from, int to) {
        int area = width * height;
        return new LabelledImages(scenario, seed, width, height, java.util.Arrays.copyOfRange(k, from, to),
                java.util.Arrays.copyOfRange(arrangement, from, to), java.util.Arrays.copyOfRange(shape, from, to),
                java.util.Arrays.copyOfRange(corners, from * CORNER_VALUES, to * CORNER_VALUES),
                java.util.Arrays.copyOfRange(tasks, from, to),
                java.util.Arrays.copyOfRange(pixels, from * area, to * area));
    }

    /** The images at {@code order}'s indices, in that order. */
    public LabelledImages select(int[] order) {
        int area = width * height;
        int[] k2 = new int[order.length];
        int[] a2 = new int[order.length];
        String[] s2 = new String[order.length];
        short[] p2 = new short[order.length * area];
        float[] c2 = new float[order.length * CORNER_VALUES];
        byte[] t2 = new byte[order.length];
        for (int j = 0; j < order.length; j++) {
            int i = order[j];
            k2[j] = k[i];
            a2[j] = arrangement[i];
            s2[j] = shape[i];
            t2[j] = tasks[i];
            System.arraycopy(pixels, i * area, p2, j * area, area);
            System.arraycopy(corners, i * CORNER_VALUES, c2, j * CORNER_VALUES, CORNER_VALUES);
        }
        return new LabelledImages(scenario, seed, width, height, k2, a2, s2, c2, t2, p2);
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
     * does not apply: the deformation tasks T1-T3 apply to cuboids only, T3 to k = 2 only, and no
     * task applies to an image whose {@link #tasks()} lacks it.
     */
    public String label(String task, int i) {
        if (!teaches(task, i) || !task.equals("T4") && !shape[i].equals("cuboid")) {
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
