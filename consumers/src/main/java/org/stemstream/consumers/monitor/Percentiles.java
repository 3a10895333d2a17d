package org.stemstream.consumers.monitor;

import java.util.Arrays;

/** The last {@code capacity} values of a quantity (latencies), with nearest-rank percentiles. */
public final class Percentiles {
    private final double[] ring;
    private int size;
    private int next;

    public Percentiles(int capacity) {
        ring = new double[capacity];
    }

    public void add(double value) {
        ring[next] = value;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    public int count() {
        return size;
    }

    /** Nearest rank: the smallest value with at least {@code p} percent of the values at or below it; NaN when empty. */
    public double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(ring, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }
}
