package org.stemstream.simulator.noise;

import java.util.SplittableRandom;

/** Detector read noise: adds N(0, sigma^2) counts to every pixel (values may become negative). */
public final class ReadNoise {

    private ReadNoise() {
    }

    /** Adds the noise to {@code counts} in place. */
    public static void addTo(float[] counts, double sigma, SplittableRandom rnd) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += (float) (sigma * GaussianNoise.next(rnd));
        }
    }
}
