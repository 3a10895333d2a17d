package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void streamsAreReproducibleAndDistinct() {
        RandomStreams a = RandomStreams.of(9);
        RandomStreams b = RandomStreams.of(9);
        assertThat(a.carbon().nextLong()).isEqualTo(b.carbon().nextLong());
        RandomStreams c = RandomStreams.of(9);
        Set<Long> firsts = new HashSet<>();
        for (SplittableRandom r : new SplittableRandom[] {c.geometry(), c.orientation(), c.placement(), c.scan(),
            c.carbon(), c.jitter(), c.shot(), c.read()}) {
            firsts.add(r.nextLong());
        }
        assertThat(firsts).hasSize(8);
    }

    @Test
    void childSeedsAreDistinctAndDeterministic() {
        Set<Long> seeds = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seeds.add(RandomStreams.childSeed(42, i));
        }
        assertThat(seeds).hasSize(10_000);
        assertThat(RandomStreams.childSeed(42, 3)).isEqualTo(RandomStreams.childSeed(42, 3))
                .isNotEqualTo(RandomStreams.childSeed(43, 3));
    }

    @Test
    void boundedDrawsStayInRange() {
        SplittableRandom r = new SplittableRandom(1);
        int[] hits = new int[9];
        for (int i = 0; i < 9000; i++) {
            double u = RandomStreams.uniform(r, 8, 14);
            assertThat(u).isBetween(8.0, 14.0);
            hits[RandomStreams.uniformInt(r, 9)]++;
        }
        for (int h : hits) {
            assertThat(h).isBetween(850, 1150);
        }
    }
}
