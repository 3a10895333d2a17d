package org.stemstream.simulator.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

class LevenbergMarquardtTest {

    @Test
    void walksBackToTheParametersThatMadeNoiselessCounts() {
        ForwardModel model = new ForwardModel(64, 0.5, 10, 0.0375, 2);
        Quaternion truthQ = Quaternion.fromAxisAngle(new Vec3(1, -2, 0.5), 0.8);
        double[] truth = new double[ForwardModel.PARAMETERS];
        truth[ForwardModel.A] = 9;
        truth[ForwardModel.B] = 12;
        truth[ForwardModel.C] = 10.5;
        truth[ForwardModel.OX] = 0.7;
        truth[ForwardModel.OY] = -1.1;
        truth[ForwardModel.SIGMA] = 0.3;
        double[] counts = model.expected(truth, truthQ, new double[model.pixels()]);

        double[] p = truth.clone();
        p[ForwardModel.A] += 0.6;
        p[ForwardModel.C] -= 0.4;
        p[ForwardModel.OX] += 0.3;
        Quaternion[] base = {Quaternion.fromAxisAngle(new Vec3(0, 0, 1), 0.06).multiply(truthQ)};
        boolean[] free = ForwardModel.Shape.CUBOID.free();
        double deviance = LevenbergMarquardt.fit(model, counts, p, base, free, 40);

        assertThat(deviance).isLessThan(1e-2);
        assertThat(p[ForwardModel.A]).isCloseTo(9, within(0.02));
        assertThat(p[ForwardModel.C]).isCloseTo(10.5, within(0.02));
        assertThat(p[ForwardModel.OX]).isCloseTo(0.7, within(0.01));
        assertThat(base[0].multiply(truthQ.conjugate()).angle()).isLessThan(0.003);
        assertThat(p[ForwardModel.SIGMA]).isEqualTo(0.3); // not free
    }

    /** A fitted log dose sat after the cuts and was clamped as a cut depth, to [0.1, 0.45]: every step failed. */
    @Test
    void clampsEachParameterToItsOwnRange() {
        double[] p = new double[ForwardModel.PARAMETERS];
        p[ForwardModel.A] = 1;
        p[ForwardModel.SIGMA] = 2;
        p[ForwardModel.CUT + 3] = 0.9;
        p[ForwardModel.CUT + 4] = 0.05;
        p[ForwardModel.LOG_DOSE] = 0.05;
        LevenbergMarquardt.clamp(p);
        assertThat(p[ForwardModel.A]).isEqualTo(LevenbergMarquardt.EDGE_MIN_NM);
        assertThat(p[ForwardModel.SIGMA]).isEqualTo(LevenbergMarquardt.SIGMA_MAX_NM);
        assertThat(p[ForwardModel.CUT + 3]).isEqualTo(LevenbergMarquardt.CUT_MAX);
        assertThat(p[ForwardModel.CUT + 4]).isEqualTo(LevenbergMarquardt.CUT_MIN);
        assertThat(p[ForwardModel.CUT]).isZero(); // an intact corner stays intact
        assertThat(p[ForwardModel.LOG_DOSE]).isEqualTo(0.05);
        p[ForwardModel.LOG_DOSE] = -7;
        LevenbergMarquardt.clamp(p);
        assertThat(p[ForwardModel.LOG_DOSE]).isEqualTo(-LevenbergMarquardt.LOG_DOSE_RANGE);
    }

    @Test
    void solvesALinearSystemWithPivoting() {
        // 0 x + 2 y = 4, 3 x + y = 5: x = 1, y = 2 (the first pivot is zero)
        double[] x = LevenbergMarquardt.solve(new double[][] {{0, 2}, {3, 1}}, new double[] {4, 5});
        assertThat(x[0]).isCloseTo(1, within(1e-12));
        assertThat(x[1]).isCloseTo(2, within(1e-12));
    }
}
