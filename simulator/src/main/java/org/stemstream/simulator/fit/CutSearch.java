package org.stemstream.simulator.fit;

import java.util.ArrayList;
import java.util.List;
import org.stemstream.simulator.Arrangement;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

/**
 * Which corners are cut: a greedy search over corner sets S that minimises
 * J(S) = deviance(S) + 2 ln C(8, |S|) + penalty |S|. The middle term is the prior of
 * seed-benchmark (k uniform in 0..8, the set uniform among the C(8, k) sets of that size), so
 * going from k to k + 1 cuts costs 2 ln((8 - k) / (k + 1)): much near k = 0, a gain near k = 8.
 * The penalty pays for each cut's fitted depth (the Occam factor). Each round tries every
 * neighbour of S (cut one more corner at depth 0.2, 0.275 or 0.35; restore one; move one cut to
 * an intact corner), takes the best if it lowers J, and refits everything. The posterior over the
 * count and the arrangement comes from exp(-J / 2) of the final set and its neighbours.
 */
final class CutSearch {

    private static final double[] DEPTHS = {0.2, 0.275, 0.35};
    private static final int MAX_ROUNDS = 16;
    private static final int REFIT_ITERATIONS = 6;

    private record Candidate(double[] params, double objective) {
    }

    private CutSearch() {
    }

    /**
     * Searches from {@code p} (updated in place, with {@code base[0]}), refitting the {@code late}
     * parameters (the dose, the turn) with the rest; returns the posterior.
     */
    static CuboidFit search(ForwardModel model, double[] counts, double[] p, Quaternion[] base, double penalty, boolean[] late) {
        double deviance = model.deviance(counts, p, base[0]);
        List<Candidate> neighbours = List.of();
        for (int round = 0; round <= MAX_ROUNDS; round++) {
            neighbours = neighbours(model, counts, p, base[0], penalty);
            double current = deviance + prior(count(p), penalty);
            Candidate best = null;
            for (Candidate c : neighbours) {
                if (c.objective() < current && (best == null || c.objective() < best.objective())) {
                    best = c;
                }
            }
            if (best == null || round == MAX_ROUNDS) {
                break;
            }
            System.arraycopy(best.params(), 0, p, 0, p.length);
            boolean[] free = new boolean[ForwardModel.PARAMETERS];
            for (int k = 0; k < ForwardModel.CUT; k++) {
                free[k] = true;
            }
            for (int i = 0; i < Cuboid.CORNERS; i++) {
                free[ForwardModel.CUT + i] = p[ForwardModel.CUT + i] > 0;
            }
            for (int k = 0; k < free.length; k++) {
                free[k] |= late[k];
            }
            deviance = LevenbergMarquardt.fit(model, counts, p, base, free, REFIT_ITERATIONS);
        }
        return posterior(p, base[0], model.dose() * Math.exp(p[ForwardModel.LOG_DOSE]), deviance, deviance + prior(count(p), penalty),
                neighbours, model.pixels());
    }

    /** 2 ln C(8, k) + penalty k: minus twice the log prior of one set of k corners, up to a constant, plus the depth's cost. */
    static double prior(int k, double penalty) {
        double sets = 1;
        for (int i = 0; i < k; i++) {
            sets = sets * (Cuboid.CORNERS - i) / (i + 1);
        }
        return 2 * Math.log(sets) + penalty * k;
    }

    static int count(double[] p) {
        int k = 0;
        for (int i = 0; i < Cuboid.CORNERS; i++) {
            if (p[ForwardModel.CUT + i] > 0) {
                k++;
            }
        }
        return k;
    }

    private static List<Candidate> neighbours(ForwardModel model, double[] counts, double[] p, Quaternion base, double penalty) {
        List<Candidate> out = new ArrayList<>();
        int k = count(p);
        for (int i = 0; i < Cuboid.CORNERS; i++) {
            int slot = ForwardModel.CUT + i;
            if (p[slot] > 0) {
                out.add(candidate(model, counts, with(p, slot, 0), base, k - 1, penalty));
                for (int j = 0; j < Cuboid.CORNERS; j++) {
                    if (p[ForwardModel.CUT + j] == 0) {
                        double[] moved = with(p, slot, 0);
                        moved[ForwardModel.CUT + j] = p[slot];
                        out.add(candidate(model, counts, moved, base, k, penalty));
                    }
                }
            } else {
                Candidate best = null;
                for (double depth : DEPTHS) {
                    Candidate c = candidate(model, counts, with(p, slot, depth), base, k + 1, penalty);
                    if (best == null || c.objective() < best.objective()) {
                        best = c;
                    }
                }
                out.add(best);
            }
        }
        return out;
    }

    private static double[] with(double[] p, int slot, double value) {
        double[] q = p.clone();
        q[slot] = value;
        return q;
    }

    private static Candidate candidate(ForwardModel model, double[] counts, double[] p, Quaternion base, int k, double penalty) {
        return new Candidate(p, model.deviance(counts, p, base) + prior(k, penalty));
    }

    /** Posterior weights exp(-J / 2) over the final set and its neighbours, summed by count and by arrangement. */
    private static CuboidFit posterior(double[] p, Quaternion base, double dose, double deviance, double objective,
                                       List<Candidate> neighbours, int pixels) {
        List<Candidate> sets = new ArrayList<>(neighbours);
        sets.add(new Candidate(p.clone(), objective));
        double best = sets.stream().mapToDouble(Candidate::objective).min().orElseThrow();
        double[] byCount = new double[Cuboid.CORNERS + 1];
        double[] byArrangement = new double[Arrangement.values().length];
        for (Candidate c : sets) {
            double weight = Math.exp(-(c.objective() - best) / 2);
            byCount[count(c.params())] += weight;
            if (count(c.params()) == 2) {
                byArrangement[arrangement(c.params()).ordinal()] += weight;
            }
        }
        normalise(byCount);
        if (!normalise(byArrangement)) {
            java.util.Arrays.fill(byArrangement, 1.0 / byArrangement.length); // no two-corner set was near: no opinion
        }
        return new CuboidFit(ForwardModel.cuboid(p), ForwardModel.orientation(p, base), p[ForwardModel.OX], p[ForwardModel.OY],
                p[ForwardModel.SIGMA],
                new Vec3(p[ForwardModel.TURN_X], p[ForwardModel.TURN_Y], p[ForwardModel.TURN_Z]), dose, deviance, pixels, byCount, byArrangement,
                new double[] {1, 0, 0});
    }

    private static Arrangement arrangement(double[] p) {
        int first = -1;
        for (int i = 0; i < Cuboid.CORNERS; i++) {
            if (p[ForwardModel.CUT + i] > 0) {
                if (first < 0) {
                    first = i;
                } else {
                    return Arrangement.of(first, i);
                }
            }
        }
        throw new IllegalArgumentException("not two cut corners");
    }

    private static boolean normalise(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        if (!(sum > 0)) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
        return true;
    }
}
