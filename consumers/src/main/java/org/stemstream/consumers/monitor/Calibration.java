package org.stemstream.consumers.monitor;

/**
 * Reliability of the confidences: results binned by the predicted class's probability into
 * {@code bins} equal bins of [0, 1]; per bin the mean confidence and the accuracy. The expected
 * calibration error is the count-weighted mean of |accuracy - confidence| over the bins.
 */
public final class Calibration {
    private final long[] count;
    private final double[] confidenceSum;
    private final long[] correct;

    public Calibration(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins " + bins + " < 1");
        }
        count = new long[bins];
        confidenceSum = new double[bins];
        correct = new long[bins];
    }

    public void add(double confidence, boolean isCorrect) {
        if (!(confidence >= 0 && confidence <= 1)) {
            return;
        }
        int b = Math.min(count.length - 1, (int) (confidence * count.length));
        count[b]++;
        confidenceSum[b] += confidence;
        correct[b] += isCorrect ? 1 : 0;
    }

    public int bins() {
        return count.length;
    }

    public long count(int bin) {
        return count[bin];
    }

    public double meanConfidence(int bin) {
        return count[bin] == 0 ? Double.NaN : confidenceSum[bin] / count[bin];
    }

    public double accuracy(int bin) {
        return count[bin] == 0 ? Double.NaN : (double) correct[bin] / count[bin];
    }

    public double expectedCalibrationError() {
        long n = 0;
        double sum = 0;
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                n += count[b];
                sum += count[b] * Math.abs(accuracy(b) - meanConfidence(b));
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
