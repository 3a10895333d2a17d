package org.stemstream.simulator.noise;

import java.util.SplittableRandom;

/** Poisson shot noise: counts ~ Poisson(dose x intensity), pixel by pixel in row-major order. */
public final class ShotNoise {

    private ShotNoise() {
    }

    /** A new array of counts; {@code intensity} (gold-equivalent nm) is not modified. */
    public static float[] apply(float[] intensity, double dose, SplittableRandom rnd) {
        float[] out = new float[intensity.length];
        for (int i = 0; i < intensity.length; i++) {
            out[i] = PoissonSampler.sample(dose * intensity[i], rnd);
        }
        return out;
    }
}
