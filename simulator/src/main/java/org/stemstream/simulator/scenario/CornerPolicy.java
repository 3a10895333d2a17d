package org.stemstream.simulator.scenario;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.stemstream.simulator.Arrangement;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.RandomStreams;

/** How a scenario chooses which cuboid corners to cut. */
public enum CornerPolicy {

    /** k uniform in 0..8, the set uniform among all C(8, k) sets (seed-benchmark, task T2). */
    UNIFORM_COUNT("count k uniform in 0..8, the set of k corners uniform among all C(8,k) sets"),
    /** Half k = 0, half k uniform in 1..8 (task T1 evaluation). */
    HALF_UNDEFORMED("k = 0 with probability 1/2, else k uniform in 1..8; the set uniform among all C(8,k) sets"),
    /** Exactly two corners, the arrangement uniform among the three classes (task T3). */
    TWO_CORNERS("k = 2; arrangement uniform among edge / face diagonal / body diagonal; "
            + "the pair uniform within its arrangement"),
    /** k = 0 or k = 8, half each: the clearest T1 contrast (a teaching and test scenario). */
    NONE_OR_ALL("k = 0 or k = 8 with probability 1/2 each"),
    /** k = 0 or k = 1, half each, the one corner uniform among the 8: T1's hardest contrast (a teaching scenario). */
    NONE_OR_ONE("k = 0 or k = 1 with probability 1/2 each; the one corner uniform among the 8");

    private static final int[][] MASKS = {{1, 2, 4}, {3, 5, 6}, {7}};

    private final String description;

    CornerPolicy(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The corners to cut, ascending. */
    public int[] choose(SplittableRandom rnd) {
        return switch (this) {
            case UNIFORM_COUNT -> uniformSet(RandomStreams.uniformInt(rnd, Cuboid.CORNERS + 1), rnd);
            case HALF_UNDEFORMED -> rnd.nextDouble() < 0.5 ? new int[0]
                    : uniformSet(1 + RandomStreams.uniformInt(rnd, Cuboid.CORNERS), rnd);
            case TWO_CORNERS -> twoCorners(rnd);
            case NONE_OR_ALL -> rnd.nextDouble() < 0.5 ? new int[0] : uniformSet(Cuboid.CORNERS, rnd);
            case NONE_OR_ONE -> rnd.nextDouble() < 0.5 ? new int[0] : uniformSet(1, rnd);
        };
    }

    /** A uniformly random k-subset of 0..7 by a partial Fisher-Yates shuffle. */
    public static int[] uniformSet(int k, SplittableRandom rnd) {
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        for (int i = 0; i < k; i++) {
            int j = i + RandomStreams.uniformInt(rnd, Cuboid.CORNERS - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, k);
        Arrays.sort(chosen);
        return chosen;
    }

    private static int[] twoCorners(SplittableRandom rnd) {
        Arrangement arrangement = Arrangement.values()[RandomStreams.uniformInt(rnd, Arrangement.values().length)];
        int[] masks = MASKS[arrangement.differingBits() - 1];
        int c1 = RandomStreams.uniformInt(rnd, Cuboid.CORNERS);
        int c2 = c1 ^ masks[RandomStreams.uniformInt(rnd, masks.length)];
        return new int[] {Math.min(c1, c2), Math.max(c1, c2)};
    }
}
