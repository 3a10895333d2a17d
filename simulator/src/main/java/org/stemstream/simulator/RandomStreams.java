package org.stemstream.simulator;

import java.util.SplittableRandom;

/**
 * The independent random streams derived from one request seed, one per purpose, split in a fixed
 * order from {@code new SplittableRandom(seed)}: results never depend on threads or on which other
 * steps are enabled. Bounded draws are computed here from {@code nextDouble()} (a documented,
 * stable algorithm) rather than from JDK helpers whose algorithms may change between versions.
 */
public final class RandomStreams {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final SplittableRandom geometry;
    private final SplittableRandom orientation;
    private final SplittableRandom placement;
    private final SplittableRandom scan;
    private final SplittableRandom carbon;
    private final SplittableRandom jitter;
    private final SplittableRandom shot;
    private final SplittableRandom read;

    private RandomStreams(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        geometry = root.split();
        orientation = root.split();
        placement = root.split();
        scan = root.split();
        carbon = root.split();
        jitter = root.split();
        shot = root.split();
        read = root.split();
    }

    public static RandomStreams of(long seed) {
        return new RandomStreams(seed);
    }

    /** Shape, dimensions and corner cuts. */
    public SplittableRandom geometry() {
        return geometry;
    }

    /** The particle's orientation. */
    public SplittableRandom orientation() {
        return orientation;
    }

    /** Offset and imaging parameters (blur width, ...). */
    public SplittableRandom placement() {
        return placement;
    }

    /** Rotation during the scan. */
    public SplittableRandom scan() {
        return scan;
    }

    /** The carbon film's random field. */
    public SplittableRandom carbon() {
        return carbon;
    }

    /** Scan-line jitter. */
    public SplittableRandom jitter() {
        return jitter;
    }

    /** Poisson shot noise. */
    public SplittableRandom shot() {
        return shot;
    }

    /** Detector read noise. */
    public SplittableRandom read() {
        return read;
    }

    /** The seed of item {@code index} of a batch seeded with {@code seed} (SplitMix64 finaliser). */
    public static long childSeed(long seed, long index) {
        return mix64(mix64(seed ^ 0x5DEECE66DL) + (index + 1) * GOLDEN_GAMMA);
    }

    /** Uniform in [lo, hi). */
    public static double uniform(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    /** Uniform integer in [0, bound). */
    public static int uniformInt(SplittableRandom rnd, int bound) {
        return (int) (rnd.nextDouble() * bound);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
