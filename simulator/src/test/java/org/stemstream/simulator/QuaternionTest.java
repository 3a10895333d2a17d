package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuaternionTest {

    private static final double EPS = 1e-12;

    private static void assertVec(Vec3 actual, double x, double y, double z) {
        assertThat(actual.x()).isCloseTo(x, within(EPS));
        assertThat(actual.y()).isCloseTo(y, within(EPS));
        assertThat(actual.z()).isCloseTo(z, within(EPS));
    }

    @Test
    void quarterTurnAboutZTakesXToY() {
        Quaternion q = Quaternion.fromAxisAngle(Vec3.Z, Math.PI / 2);
        assertVec(q.rotate(Vec3.X), 0, 1, 0);
        assertVec(q.rotate(Vec3.Y), -1, 0, 0);
        assertVec(q.rotate(Vec3.Z), 0, 0, 1);
    }

    @Test
    void thirdTurnAboutBodyDiagonalCyclesTheAxes() {
        Quaternion q = Quaternion.fromAxisAngle(new Vec3(1, 1, 1), 2 * Math.PI / 3);
        assertVec(q.rotate(Vec3.X), 0, 1, 0);
        assertVec(q.rotate(Vec3.Y), 0, 0, 1);
    }

    @Test
    void compositionRotatesByTheRightFactorFirst() {
        Quaternion aboutZ = Quaternion.fromAxisAngle(Vec3.Z, Math.PI / 2);
        Quaternion aboutX = Quaternion.fromAxisAngle(Vec3.X, Math.PI / 2);
        // x -> (about Z) y -> (about X) z
        assertVec(aboutX.multiply(aboutZ).rotate(Vec3.X), 0, 0, 1);
        // x -> (about X) x -> (about Z) y
        assertVec(aboutZ.multiply(aboutX).rotate(Vec3.X), 0, 1, 0);
        Quaternion twice = aboutZ.multiply(aboutZ);
        assertVec(twice.rotate(Vec3.X), -1, 0, 0);
        assertThat(twice.angle()).isCloseTo(Math.PI, within(1e-9));
    }

    @Test
    void conjugateUndoesTheRotation() {
        Quaternion q = Quaternion.random(new SplittableRandom(7));
        Vec3 v = new Vec3(1.5, -2, 0.25);
        Vec3 back = q.conjugate().rotate(q.rotate(v));
        assertVec(back, 1.5, -2, 0.25);
        assertThat(q.rotate(v).norm()).isCloseTo(v.norm(), within(EPS));
    }

    @Test
    void ofNormalises() {
        assertThat(Quaternion.of(2, 0, 0, 0)).isEqualTo(Quaternion.identity());
        Quaternion q = Quaternion.of(1, 1, 1, 1);
        assertThat(q.w()).isEqualTo(0.5);
        assertThat(q.z()).isEqualTo(0.5);
    }

    @Test
    void componentsWhoseSquaresUnderOrOverflowAreNormalisedToo() {
        // (1e-170)^2 is 0 in doubles, (1e-160)^2 a subnormal with 3 digits, (1e200)^2 infinite
        assertThat(Quaternion.of(1e-170, 0, 0, 0)).isEqualTo(Quaternion.identity());
        Quaternion small = Quaternion.of(1e-160, 1e-161, 0, 0); // (1, 0.1) / sqrt(1.01)
        assertThat(small.w()).isCloseTo(1 / Math.sqrt(1.01), within(1e-15));
        assertThat(small.x()).isCloseTo(0.1 / Math.sqrt(1.01), within(1e-15));
        Quaternion large = Quaternion.of(1e200, 1e200, 0, 0);
        assertThat(large.w()).isCloseTo(Math.sqrt(0.5), within(1e-15));
        assertThat(large.x()).isCloseTo(Math.sqrt(0.5), within(1e-15));
    }

    @Test
    void zeroAndNonFiniteQuaternionsAreRejectedWithTheirNumbers() {
        assertThatThrownBy(() -> Quaternion.of(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quaternion (w, x, y, z) = (0.0, 0.0, 0.0, 0.0) has zero norm");
        assertThatThrownBy(() -> Quaternion.of(Double.NaN, 1, 0, 0)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("quaternion (w, x, y, z) = (NaN, 1.0, 0.0, 0.0) is not finite");
        assertThatThrownBy(() -> Quaternion.of(1, Double.POSITIVE_INFINITY, 0, 0))
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Quaternion.fromAxisAngle(Vec3.ZERO, 1)).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void shoemakeQuaternionsAreUnitAndIsotropic() {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 20_000;
        double[] sumSq = new double[4];
        double meanZ = 0;
        double sumW4 = 0;
        int[] zBins = new int[4];
        for (int i = 0; i < n; i++) {
            Quaternion q = Quaternion.random(rnd);
            sumW4 += Math.pow(q.w(), 4);
            double z = q.rotate(Vec3.Z).z();
            zBins[Math.min(3, (int) ((z + 1) / 0.5))]++;
            double norm2 = q.w() * q.w() + q.x() * q.x() + q.y() * q.y() + q.z() * q.z();
            assertThat(norm2).isCloseTo(1.0, within(1e-14));
            sumSq[0] += q.w() * q.w();
            sumSq[1] += q.x() * q.x();
            sumSq[2] += q.y() * q.y();
            sumSq[3] += q.z() * q.z();
            meanZ += q.rotate(Vec3.Z).z();
        }
        // uniform on SO(3) = uniform on S^3: every component has E[c^2] = 1/4; rotated axes average to 0
        for (double s : sumSq) {
            assertThat(s / n).isCloseTo(0.25, within(0.01));
        }
        assertThat(meanZ / n).isCloseTo(0.0, within(0.02));
        // E[c^2] = 1/4 holds for any draw with interchangeable components (normalising four
        // uniform(-1, 1) numbers too, which is not uniform). Uniform on S^3: E[w^4] = 3 / (4 * 6) = 1/8;
        // and (Archimedes) a uniformly rotated axis has its z uniform on [-1, 1]: a quarter in each
        // half-unit bin (3 sigma at n = 20,000: 0.009)
        assertThat(sumW4 / n).isCloseTo(0.125, within(0.004));
        for (int bin : zBins) {
            assertThat(bin / (double) n).isCloseTo(0.25, within(0.012));
        }
    }

    @Test
    void slerpRunsAlongTheShortArc() {
        Quaternion a = Quaternion.identity();
        Quaternion b = Quaternion.fromAxisAngle(Vec3.Z, Math.PI / 2);
        assertThat(a.slerp(b, 0)).isEqualTo(a);
        Quaternion half = a.slerp(b, 0.5);
        assertThat(half.angle()).isCloseTo(Math.PI / 4, within(1e-12));
        assertVec(a.slerp(b, 1).rotate(Vec3.X), 0, 1, 0);
        Quaternion negB = new Quaternion(-b.w(), -b.x(), -b.y(), -b.z());
        assertThat(a.slerp(negB, 0.5).angle()).isCloseTo(Math.PI / 4, within(1e-12));
    }
}
