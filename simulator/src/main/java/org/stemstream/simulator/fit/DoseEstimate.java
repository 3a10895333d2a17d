package org.stemstream.simulator.fit;

/**
 * A first estimate of an unknown dose (counts per pixel per nm of gold) for {@link CuboidFitter},
 * which then fits it with the particle. The film: the mean count of the frame's outer ring of
 * pixels over the film's gold-equivalent thickness (the ring lies outside seed-benchmark's
 * particles, which reach at most 12.6 nm from a centre within 1.5 nm of the frame's). Without a
 * film, or a ring of zeros: the mean of the brightest 1 % of pixels over the side of the
 * silhouette (a cube seen face on is as thick as it is wide).
 */
final class DoseEstimate {

    private DoseEstimate() {
    }

    static double of(double[] counts, int size, double pixelSizeNm, double filmNm, int ring) {
        if (filmNm > 0) {
            double sum = 0;
            int pixels = 0;
            for (int j = 0; j < size; j++) {
                for (int i = 0; i < size; i++) {
                    if (i < ring || j < ring || i >= size - ring || j >= size - ring) {
                        sum += counts[j * size + i];
                        pixels++;
                    }
                }
            }
            if (sum > 0) {
                return sum / pixels / filmNm;
            }
        }
        double[] sorted = counts.clone();
        java.util.Arrays.sort(sorted);
        int top = Math.max(1, sorted.length / 100);
        double bright = 0;
        for (int k = sorted.length - top; k < sorted.length; k++) {
            bright += sorted[k];
        }
        bright /= top;
        int silhouette = 0;
        for (double c : counts) {
            if (c > 0.2 * bright) {
                silhouette++;
            }
        }
        if (!(bright > 0)) {
            throw new IllegalArgumentException("every pixel is 0: no particle to fit");
        }
        return bright / (Math.sqrt(silhouette) * pixelSizeNm);
    }
}
