package org.stemstream.consumers.monitor;

import java.util.List;

/**
 * One task's predicted-class distribution and mean confidence on acquired images against the
 * same on simulated images (the reference). Drift is the total variation distance between the two
 * distributions (half the sum of absolute differences: 0 identical, 1 disjoint); the alarm rings
 * when it exceeds {@code threshold} with at least {@code minCount} results on both sides.
 */
public final class PredictionDrift {
    private final List<String> classes;
    private final long[] acquired;
    private final long[] reference;
    private double acquiredConfidence;
    private double referenceConfidence;
    private long acquiredCount;
    private long referenceCount;
    private final double threshold;
    private final int minCount;

    public PredictionDrift(List<String> classes, double threshold, int minCount) {
        this.classes = List.copyOf(classes);
        this.acquired = new long[classes.size()];
        this.reference = new long[classes.size()];
        this.threshold = threshold;
        this.minCount = minCount;
    }

    public void add(boolean isAcquired, String predicted, double confidence) {
        int c = classes.indexOf(predicted);
        if (c < 0) {
            return;
        }
        if (isAcquired) {
            acquired[c]++;
            acquiredCount++;
            acquiredConfidence += confidence;
        } else {
            reference[c]++;
            referenceCount++;
            referenceConfidence += confidence;
        }
    }

    public List<String> classes() {
        return classes;
    }

    public double[] acquiredDistribution() {
        return normalised(acquired, acquiredCount);
    }

    public double[] referenceDistribution() {
        return normalised(reference, referenceCount);
    }

    public long acquiredCount() {
        return acquiredCount;
    }

    public long referenceCount() {
        return referenceCount;
    }

    public double acquiredMeanConfidence() {
        return acquiredCount == 0 ? Double.NaN : acquiredConfidence / acquiredCount;
    }

    public double referenceMeanConfidence() {
        return referenceCount == 0 ? Double.NaN : referenceConfidence / referenceCount;
    }

    /** Total variation distance; NaN until both sides have a result. */
    public double distance() {
        if (acquiredCount == 0 || referenceCount == 0) {
            return Double.NaN;
        }
        double[] a = acquiredDistribution();
        double[] r = referenceDistribution();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - r[i]);
        }
        return sum / 2;
    }

    public boolean alarm() {
        return acquiredCount >= minCount && referenceCount >= minCount && distance() > threshold;
    }

    private static double[] normalised(long[] counts, long n) {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = n == 0 ? 0 : (double) counts[i] / n;
        }
        return out;
    }
}
