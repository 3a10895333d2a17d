package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResumableRandomTest {

    /** The trainer's draws are bounded ints (shuffles, symmetry variants): small bounds, powers of two, and bounds that reject often. */
    @Test
    void drawsWhatSplittableRandomDrawsForTheSameSeed() {
        SplittableRandom bounds = new SplittableRandom(5);
        for (long seed : new long[] {0, 1, -1, 0x747261696EL, Long.MIN_VALUE, 123_456_789_012L}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            ResumableRandom ours = new ResumableRandom(seed);
            for (int i = 0; i < 20_000; i++) {
                int bound = switch (i % 4) {
                    case 0 -> 1 + bounds.nextInt(100);
                    case 1 -> 1 << bounds.nextInt(31);
                    case 2 -> Integer.MAX_VALUE - bounds.nextInt(1000); // about half the draws are rejected
                    default -> 1 + bounds.nextInt(Integer.MAX_VALUE);
                };
                assertThat(ours.nextInt(bound)).as("seed %d, draw %d, bound %d", seed, i, bound).isEqualTo(jdk.nextInt(bound));
            }
            assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
            assertThat(ours.nextInt()).isEqualTo(jdk.nextInt());
            assertThat(ours.nextDouble()).isEqualTo(jdk.nextDouble());
        }
    }

    @Test
    void aStreamRestoredFromItsStateGoesOnWhereItStood() {
        ResumableRandom r = new ResumableRandom(42);
        for (int i = 0; i < 1000; i++) {
            r.nextInt(7);
        }
        ResumableRandom copy = ResumableRandom.at(r.state());
        for (int i = 0; i < 1000; i++) {
            assertThat(copy.nextInt(1 + i)).isEqualTo(r.nextInt(1 + i));
        }
        assertThat(ResumableRandom.at(r.state()).nextLong()).as("a different state, a different draw")
                .isNotEqualTo(ResumableRandom.at(r.state() + 1).nextLong());
    }
}
