package org.stemstream.consumers.train;

import java.util.random.RandomGenerator;

/**
 * {@link java.util.SplittableRandom}'s stream (SplitMix64 with its golden gamma) whose state can
 * be read and restored, so that a training checkpoint keeps the augmentation's and the shuffle's
 * random stream: {@code new ResumableRandom(seed)} draws what {@code new SplittableRandom(seed)}
 * draws (tested), so the trainer's runs are the ones it made before checkpoints existed, and
 * {@code ResumableRandom.at(r.state())} goes on where {@code r} stands. The JDK's class keeps its
 * state private, and serialising it is not supported.
 */
final class ResumableRandom implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long seed;

    ResumableRandom(long seed) {
        this.seed = seed;
    }

    /** A stream that continues from {@link #state()}. */
    static ResumableRandom at(long state) {
        return new ResumableRandom(state);
    }

    /** Where the stream stands: {@link #at} continues from it. */
    long state() {
        return seed;
    }

    @Override
    public long nextLong() {
        long z = seed += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        long z = seed += GOLDEN_GAMMA;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
