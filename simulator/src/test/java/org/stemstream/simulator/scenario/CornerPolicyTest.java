package org.stemstream.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Arrangement;

class CornerPolicyTest {

    private static final int N = 18_000;

    @Test
    void uniformCountGivesEachKAndEachCornerEvenly() {
        SplittableRandom rnd = new SplittableRandom(1);
        int[] byK = new int[9];
        int[] byCorner = new int[8];
        for (int i = 0; i < N; i++) {
            int[] corners = CornerPolicy.UNIFORM_COUNT.choose(rnd);
            assertThat(corners).isSorted().doesNotHaveDuplicates();
            byK[corners.length]++;
            for (int c : corners) {
                byCorner[c]++;
            }
        }
        for (int k : byK) {
            assertThat(k).isBetween(1800, 2200); // expect 2000, sd 42
        }
        for (int c : byCorner) {
            assertThat(c).isBetween(8550, 9450); // expect N * 4 / 8 = 9000
        }
    }

    @Test
    void halfUndeformedHasHalfTheParticlesIntact() {
        SplittableRandom rnd = new SplittableRandom(2);
        int zero = 0;
        int eight = 0;
        for (int i = 0; i < N; i++) {
            int k = CornerPolicy.HALF_UNDEFORMED.choose(rnd).length;
            zero += k == 0 ? 1 : 0;
            eight += k == 8 ? 1 : 0;
        }
        assertThat(zero).isBetween(8700, 9300);  // expect 9000, sd 67
        assertThat(eight).isBetween(975, 1275);  // expect N / 16 = 1125
    }

    @Test
    void noneOrOneCutsNoCornerOrOneCornerHalfEachAndEveryCornerAlike() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[] byK = new int[9];
        int[] byCorner = new int[8];
        for (int i = 0; i < N; i++) {
            int[] corners = CornerPolicy.NONE_OR_ONE.choose(rnd);
            byK[corners.length]++;
            for (int c : corners) {
                byCorner[c]++;
            }
        }
        assertThat(byK[0]).isBetween(8700, 9300); // expect 9000, sd 67
        assertThat(byK[0] + byK[1]).isEqualTo(N);
        for (int c : byCorner) {
            assertThat(c).isBetween(1000, 1250); // expect 9000 / 8 = 1125, sd 32
        }
    }

    @Test
    void twoCornersBalancesTheArrangements() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[] byClass = new int[3];
        int[][] pairs = new int[8][8];
        for (int i = 0; i < N; i++) {
            int[] c = CornerPolicy.TWO_CORNERS.choose(rnd);
            assertThat(c).hasSize(2);
            byClass[Arrangement.of(c[0], c[1]).ordinal()]++;
            pairs[c[0]][c[1]]++;
        }
        for (int n : byClass) {
            assertThat(n).isBetween(5700, 6300); // expect 6000, sd 63
        }
        // within the body-diagonal class, each of the 4 pairs gets 1/4: 1500
        assertThat(pairs[0][7]).isBetween(1330, 1670);
        assertThat(pairs[3][4]).isBetween(1330, 1670);
    }

    @Test
    void uniformSetHasTheRequestedSize() {
        int[] set = CornerPolicy.uniformSet(5, new SplittableRandom(4));
        assertThat(set).hasSize(5).isSorted();
        assertThat(Arrays.stream(set).allMatch(c -> c >= 0 && c < 8)).isTrue();
    }
}
