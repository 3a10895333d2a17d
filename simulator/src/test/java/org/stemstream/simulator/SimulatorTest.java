package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorTest {

    private static final double PS = 0.25;

    /** Lab x (or y) of the centre of pixel i on a 128-pixel axis. */
    private static double centre(int i) {
        return (i + 0.5 - 64) * PS;
    }

    @Test
    void sphereChordIsTwoSqrtRSquaredMinusRhoSquared() {
        double r = 5;
        Image im = Simulator.project(TestSpecs.of(new Sphere(r)), 1);
        for (int i = 64; i < 90; i++) {
            for (int j : new int[] {64, 70, 80}) {
                double rho2 = centre(i) * centre(i) + centre(j) * centre(j);
                double expected = rho2 < r * r ? 2 * Math.sqrt(r * r - rho2) : 0;
                assertThat((double) im.get(i, j)).as("pixel (%d, %d)", i, j).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void axisAlignedCubeIsAsThickAsItsEdge() {
        Image im = Simulator.project(TestSpecs.of(Cuboid.cube(10)));
        assertThat((double) im.get(64, 64)).isCloseTo(10, within(1e-5));
        assertThat((double) im.get(45, 82)).isCloseTo(10, within(1e-5)); // 4.6 nm from centre, inside
        assertThat(im.get(40, 64)).isZero();                           // 5.9 nm, outside
        Image box = Simulator.project(TestSpecs.of(Cuboid.of(8, 10, 12)));
        assertThat((double) box.get(64, 64)).isCloseTo(12, within(1e-5));
    }

    @Test
    void contrastScalesWithZToThePower1point7() {
        SimulationSpec gold = TestSpecs.of(Cuboid.cube(10));
        SimulationSpec silver = new SimulationSpec(1, gold.particle(), gold.orientation(), null, 128, 128, PS, 0, 0,
                47, gold.imaging());
        double ratio = Simulator.project(silver).get(64, 64) / Simulator.project(gold).get(64, 64);
        assertThat(ratio).isCloseTo(Math.pow(47.0 / 79.0, 1.7), within(1e-6));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void summedThicknessTimesPixelAreaIsTheVolume(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Quaternion q = Quaternion.random(rnd);
        double[] cuts = new double[8];
        for (int corner = 0; corner < 8; corner++) {
            cuts[corner] = rnd.nextDouble() < 0.6 ? 0.2 + 0.29 * rnd.nextDouble() : 0;
        }
        Particle[] particles = {
            new Cuboid(8 + 6 * rnd.nextDouble(), 8 + 6 * rnd.nextDouble(), 8 + 6 * rnd.nextDouble(), cuts),
            Cuboid.cube(12).withCut(0, 0.45).withCut(1, 0.45),
            Pyramid.of(10 + 6 * rnd.nextDouble(), 6 + 8 * rnd.nextDouble()),
            new Sphere(4 + 3 * rnd.nextDouble())
        };
        for (Particle p : particles) {
            double volume = Simulator.project(TestSpecs.of(p, q)).sum() * PS * PS;
            assertThat(volume).as("%s at %s", p, q).isCloseTo(p.volume(), within(0.01 * p.volume()));
        }
    }

    @Test
    void offsetShiftsTheImageByWholePixels() {
        SimulationSpec spec = TestSpecs.of(Pyramid.regularTetrahedron(12), Quaternion.random(new SplittableRandom(3)));
        Image centred = Simulator.project(spec, 1);
        Image moved = Simulator.project(spec.withOffset(2.5, -1.0), 1); // +10 columns, -4 rows
        for (int j = 20; j < 100; j++) {
            for (int i = 20; i < 100; i++) {
                assertThat(moved.get(i + 10, j - 4)).isEqualTo(centred.get(i, j));
            }
        }
    }

    @Test
    void rotationDuringTheScanWithZeroAngleEqualsTheStaticImage() {
        SimulationSpec spec = TestSpecs.of(Cuboid.of(9, 11, 13).withCut(2, 0.3),
                Quaternion.random(new SplittableRandom(11)));
        Image still = Simulator.project(spec);
        Vec3 axis = new Vec3(0.3, -1, 0.2);
        assertThat(Simulator.project(spec.withScanRotation(new ScanRotation(axis, 0, false)))).isEqualTo(still);
        assertThat(Simulator.project(spec.withScanRotation(new ScanRotation(axis, 0, true)))).isEqualTo(still);
        Image turning = Simulator.project(spec.withScanRotation(new ScanRotation(axis, Math.toRadians(20), false)));
        assertThat(turning).isNotEqualTo(still);
    }

    @Test
    void aRotatingSphereLooksStill() {
        SimulationSpec spec = TestSpecs.of(new Sphere(6));
        Image turning = Simulator.project(spec.withScanRotation(new ScanRotation(Vec3.Y, 1.0, true)));
        assertThat(turning).isEqualTo(Simulator.project(spec));
    }

    @Test
    void scanRotationUsesTheStartOrientationOnTheFirstLineAndLaterOnesBelow() {
        SimulationSpec spec = TestSpecs.of(Cuboid.of(9, 11, 13), Quaternion.random(new SplittableRandom(5)));
        ScanRotation rotation = new ScanRotation(Vec3.Z, Math.toRadians(40), false);
        Image turning = Simulator.project(spec.withScanRotation(rotation));
        // line 96 is seen at time 96/128 = 0.75: same as the static image at that orientation
        Image at75 = Simulator.project(spec.withOrientation(rotation.orientationAt(spec.orientation(), 0.75)));
        for (int i = 0; i < 128; i++) {
            assertThat(turning.get(i, 96)).isEqualTo(at75.get(i, 96));
        }
        assertThat(turning).isNotEqualTo(at75);
    }

    @Test
    void sameSeedGivesBitIdenticalImagesAndOtherSeedsDiffer() {
        SimulationSpec spec = Scenarios.named("seed-benchmark").sample(77);
        NoisyImage a = Simulator.render(spec);
        NoisyImage b = Simulator.render(spec);
        assertThat(a.image()).isEqualTo(b.image());
        assertThat(a.steps()).isEqualTo(b.steps());
        assertThat(Simulator.render(spec.withSeed(78)).image()).isNotEqualTo(a.image());
    }

    @Test
    void applyNoiseReturnsANewImageAndListsItsSteps() {
        // Image is immutable (ImageTest), so the clean image cannot change; the noisy one must differ
        SimulationSpec spec = TestSpecs.of(Cuboid.cube(10));
        Image clean = Simulator.project(spec);
        NoisyImage noisy = Simulator.applyNoise(clean, spec.imaging(), PS, 5);
        assertThat(noisy.image()).isNotEqualTo(clean);
        assertThat(noisy.steps()).extracting(NoiseStep::name)
                .containsExactly("carbon-film", "probe-blur", "shot-noise");
    }

    @Test
    void aNoiselessImageWithANonFiniteOrNegativeThicknessIsRefused() {
        SimulationSpec spec = TestSpecs.of(Cuboid.cube(10));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -1f}) {
            float[] px = new float[8 * 4];
            px[2 * 8 + 5] = bad;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Simulator.applyNoise(Image.wrap(8, 4, px), spec.imaging(), PS, 5))
                    .isInstanceOf(InvalidSpecException.class).hasMessageContaining("pixel (5, 2)").hasMessageContaining(Float.toString(bad));
        }
    }

    @Test
    void noisyCountsAverageToDoseTimesThickness() {
        // no blur, no film: the centre 20 x 20 pixels of a 10 nm cube expect 10 x 10 = 100 counts each
        SimulationSpec spec = TestSpecs.of(Cuboid.cube(10)).withImaging(new Imaging(0, 10, null, 0, 0));
        Image counts = Simulator.render(spec).image();
        double sum = 0;
        for (int j = 54; j < 74; j++) {
            for (int i = 54; i < 74; i++) {
                sum += counts.get(i, j);
            }
        }
        assertThat(sum / 400).isCloseTo(100, within(2.0)); // standard error 0.5
    }
}
