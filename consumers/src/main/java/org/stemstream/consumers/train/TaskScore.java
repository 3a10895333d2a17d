package org.stemstream.consumers.train;

import java.util.List;

/**
 * One task's score on labelled images: accuracy with its Wilson 95 % interval and the confusion
 * matrix ({@code confusion[true][predicted]}, rows and columns in {@code classes} order).
 */
public record TaskScore(String task, List<String> classes, long count, long correct, double accuracy,
                        double[] ci95, long[][] confusion) {

    private static final double Z95 = 1.959963984540054;

    public static TaskScore of(String task, List<String> classes, long[][] confusion) {
        long n = 0, correct = 0;
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion[t].length; p++) {
                n += confusion[t][p];
                correct += t == p ? confusion[t][p] : 0;
            }
        }
        return new TaskScore(task, List.copyOf(classes), n, correct, n == 0 ? Double.NaN : correct / (double) n,
                wilson(correct, n), confusion);
    }

    /** Wilson score interval for {@code successes} of {@code n} at 95 %; [0, 1] when n = 0. */
    public static double[] wilson(long successes, long n) {
        if (n == 0) {
            return new double[] {0, 1};
        }
        double p = successes / (double) n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
