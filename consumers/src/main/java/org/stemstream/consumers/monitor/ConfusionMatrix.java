package org.stemstream.consumers.monitor;

import java.util.List;

/** Counts of (truth, prediction) for one task's classes, with per-class precision and recall. */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;

    public ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** Adds one result; false (and nothing counted) when a label is not one of the classes. */
    public boolean add(String truth, String predicted) {
        int r = classes.indexOf(truth);
        int c = classes.indexOf(predicted);
        if (r < 0 || c < 0) {
            return false;
        }
        counts[r][c]++;
        return true;
    }

    public List<String> classes() {
        return classes;
    }

    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Of the results predicted as class {@code c}, the fraction that truly are; NaN when none was predicted. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return predicted == 0 ? Double.NaN : (double) counts[c][c] / predicted;
    }

    /** Of the results that truly are class {@code c}, the fraction predicted so; NaN when there is none. */
    public double recall(int c) {
        long actual = 0;
        for (long v : counts[c]) {
            actual += v;
        }
        return actual == 0 ? Double.NaN : (double) counts[c][c] / actual;
    }
}
