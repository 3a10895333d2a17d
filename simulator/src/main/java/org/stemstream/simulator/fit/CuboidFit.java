package org.stemstream.simulator.fit;

import java.util.Arrays;
import org.stemstream.simulator.Arrangement;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

/**
 * What {@link CuboidFitter} found in one image: the posterior over the particle's shape (cuboid,
 * pyramid, sphere: the order of {@code mixed-shapes}), and, taking it for a cuboid, the cut cuboid, its orientation (body to lab),
 * centre offset and the probe's blur that explain the counts best, the turn during the scan
 * (a lab-frame rotation vector over the frame, in rad; zero unless fitted), the dose (given, or fitted), the Poisson deviance left, and
 * the posterior probabilities of the number of cut corners (0..8) and, for two cut corners, of
 * their arrangement (in {@link Arrangement} order), from the corner sets the search compared.
 */
public record CuboidFit(Cuboid cuboid, Quaternion orientation, double offsetXNm, double offsetYNm, double probeSigmaNm,
                        Vec3 turn, double dose, double deviance, int pixels, double[] countProbabilities, double[] arrangementProbabilities,
                        double[] shapeProbabilities) {

    public CuboidFit {
        countProbabilities = countProbabilities.clone();
        arrangementProbabilities = arrangementProbabilities.clone();
        shapeProbabilities = shapeProbabilities.clone();
    }

    /** This fit with the shape posterior {@code p}. */
    public CuboidFit withShapeProbabilities(double[] p) {
        return new CuboidFit(cuboid, orientation, offsetXNm, offsetYNm, probeSigmaNm, turn, dose, deviance, pixels, countProbabilities,
                arrangementProbabilities, p);
    }

    @Override
    public double[] shapeProbabilities() {
        return shapeProbabilities.clone();
    }

    /** The number of cut corners of the best fit. */
    public int cutCorners() {
        int k = 0;
        for (double f : cuboid.cutDepths()) {
            if (f > 0) {
                k++;
            }
        }
        return k;
    }

    /** The number of cut corners with the highest posterior probability (T2's answer; it may differ from {@link #cutCorners()}, the best single set's). */
    public int likeliestCount() {
        int best = 0;
        for (int k = 1; k < countProbabilities.length; k++) {
            if (countProbabilities[k] > countProbabilities[best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public double[] countProbabilities() {
        return countProbabilities.clone();
    }

    @Override
    public double[] arrangementProbabilities() {
        return arrangementProbabilities.clone();
    }

    @Override
    public String toString() {
        return "CuboidFit[" + cuboid + ", orientation=" + orientation + ", offset=(" + offsetXNm + ", " + offsetYNm
                + "), probeSigmaNm=" + probeSigmaNm + ", turn=" + turn + ", dose=" + dose + ", deviance=" + deviance + " over " + pixels + " pixels, P(k)="
                + Arrays.toString(countProbabilities) + ", P(arrangement)=" + Arrays.toString(arrangementProbabilities)
                + ", P(cuboid, pyramid, sphere)=" + Arrays.toString(shapeProbabilities) + "]";
    }
}
