package org.stemstream.simulator.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Arrangement;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.Vec3;
import org.stemstream.simulator.scenario.CuboidScenario;
import org.stemstream.simulator.scenario.MixedShapes;

class CuboidFitterTest {

    private final CuboidFitter fitter = CuboidFitter.withDefaults();

    @Test
    void readsTheEdgesTheCountAndTheArrangementOffAClearImage() {
        // corners 0 and 3 share a face diagonal; dose 200 makes the noise small
        Cuboid cuboid = new Cuboid(9, 11.5, 13, new double[] {0.3, 0, 0, 0.3, 0, 0, 0, 0});
        Quaternion q = Quaternion.fromAxisAngle(new Vec3(0.3, 1, 0.5), 0.9);
        SimulationSpec spec = new SimulationSpec(77, cuboid, q, null, 128, 128, 0.25, 0.6, -0.4, SimulationSpec.GOLD,
                Imaging.of(0.15, 200, Imaging.defaults().carbon()));
        CuboidFit fit = fitter.fit(Simulator.render(spec).image().pixels(), 128, 0.25, 200);

        double[] edges = {fit.cuboid().a(), fit.cuboid().b(), fit.cuboid().c()};
        Arrays.sort(edges);
        assertThat(edges[0]).isCloseTo(9, within(0.1));
        assertThat(edges[1]).isCloseTo(11.5, within(0.1));
        assertThat(edges[2]).isCloseTo(13, within(0.1));
        assertThat(fit.offsetXNm()).isCloseTo(0.6, within(0.05));
        assertThat(fit.offsetYNm()).isCloseTo(-0.4, within(0.05));
        assertThat(fit.probeSigmaNm()).isCloseTo(0.15, within(0.05));
        assertThat(fit.cutCorners()).isEqualTo(2);
        assertThat(fit.countProbabilities()[2]).isGreaterThan(0.99);
        assertThat(fit.arrangementProbabilities()[Arrangement.FACE_DIAGONAL.ordinal()]).isGreaterThan(0.99);
        assertThat(Labels.arrangement(fit.cuboid())).contains(Arrangement.FACE_DIAGONAL);
    }

    @Test
    void countsTheCutCornersOfSeedBenchmarkImages() {
        // 97 of 100 on seeds 7000-7099 when the penalty was chosen; 30 other seeds must stay far above the CNN's 49 %
        int right = 0;
        int n = 30;
        for (int i = 0; i < n; i++) {
            SimulationSpec spec = CuboidScenario.seedBenchmark().sample(31_000 + i);
            CuboidFit fit = fitter.fit(Simulator.render(spec).image().pixels(), 128, 0.25, 10);
            if (fit.likeliestCount() == Labels.deformedCount(spec.particle())) {
                right++;
            }
            assertThat(Arrays.stream(fit.countProbabilities()).sum()).isCloseTo(1, within(1e-9));
        }
        assertThat(right).as("T2 right of %d", n).isGreaterThanOrEqualTo(25);
    }

    @Test
    void fitsTheDoseOfAnImageThatDoesNotStateIt() {
        // a detector without calibration: dose 40, four times seed-benchmark's
        int right = 0;
        for (int i = 0; i < 10; i++) {
            SimulationSpec spec = CuboidScenario.seedBenchmark().sample(34_000 + i);
            spec = spec.withImaging(Imaging.of(spec.imaging().probeSigmaNm(), 40, spec.imaging().carbon()));
            CuboidFit fit = fitter.fitUnknownDose(Simulator.render(spec).image().pixels(), 128, 0.25);
            assertThat(fit.dose()).as("seed %d", 34_000 + i).isCloseTo(40, within(40 * 0.05));
            right += fit.likeliestCount() == Labels.deformedCount(spec.particle()) ? 1 : 0;
        }
        // taken at seed-benchmark's dose 10 instead, these counts would read as a particle four times as thick
        assertThat(right).isGreaterThanOrEqualTo(8);
    }

    @Test
    void takesCountsThatReadNoisePushedBelowZeroAsZero() {
        SimulationSpec spec = CuboidScenario.seedBenchmark().sample(31_200);
        spec = spec.withImaging(spec.imaging().withReadNoise(1.5));
        float[] counts = Simulator.render(spec).image().pixels();
        float lowest = 0;
        for (float c : counts) {
            lowest = Math.min(lowest, c);
        }
        assertThat(lowest).as("the film's lowest count").isLessThan(-1); // some pixels read below zero
        CuboidFit fit = fitter.fit(counts, 128, 0.25, 10);
        assertThat(fit.likeliestCount()).isEqualTo(Labels.deformedCount(spec.particle()));
        assertThat(Double.isFinite(fit.deviance())).isTrue();
    }

    @Test
    void fitsATurnDuringTheScanWhenAsked() {
        // 20 degrees about (1, 1, 0) over the frame, dose 100, corners 1 and 6 (body diagonal)
        Cuboid cuboid = new Cuboid(10, 12, 9, new double[] {0, 0.3, 0, 0, 0, 0, 0.3, 0});
        Vec3 axis = new Vec3(1, 1, 0).normalised();
        double angle = Math.toRadians(20);
        SimulationSpec spec = new SimulationSpec(78, cuboid, Quaternion.fromAxisAngle(new Vec3(0.2, -1, 0.7), 1.1),
                new org.stemstream.simulator.ScanRotation(axis, angle, false), 128, 128, 0.25, 0, 0, SimulationSpec.GOLD,
                Imaging.of(0.15, 100, Imaging.defaults().carbon()));
        float[] counts = Simulator.render(spec).image().pixels();
        CuboidFit turning = new CuboidFitter(CuboidFitter.Settings.defaults().withTurn()).fit(counts, 128, 0.25, 100);
        CuboidFit still = fitter.fit(counts, 128, 0.25, 100);

        assertThat(turning.turn().norm()).isCloseTo(angle, within(Math.toRadians(2)));
        // the mirror image through the image plane turns about (-x, -y, z): the image cannot tell them apart
        Vec3 found = turning.turn().normalised();
        double alignment = Math.max(found.dot(axis), new Vec3(-found.x(), -found.y(), found.z()).dot(axis));
        assertThat(alignment).as("cos of the angle between the axes, %s found", found).isGreaterThan(0.85);
        assertThat(turning.likeliestCount()).isEqualTo(2);
        assertThat(turning.arrangementProbabilities()[Arrangement.BODY_DIAGONAL.ordinal()]).isGreaterThan(0.9);
        assertThat(turning.deviance()).isLessThan(still.deviance() - 100);
        assertThat(still.turn()).isEqualTo(Vec3.ZERO);
    }

    @Test
    void tellsCuboidsPyramidsAndSpheresApart() {
        // mixed-shapes, a third each; the wrong shapes' deviances lie thousands above the right one's
        MixedShapes scenario = new MixedShapes();
        for (int i = 0; i < 9; i++) {
            SimulationSpec spec = scenario.sample(33_000 + i);
            CuboidFit fit = fitter.fit(Simulator.render(spec).image().pixels(), 128, 0.25, 10);
            double[] p = fit.shapeProbabilities();
            assertThat(MixedShapes.SHAPES.get(argmax(p))).as("seed %d", 33_000 + i).isEqualTo(spec.particle().shape());
            assertThat(p[argmax(p)]).isGreaterThan(0.999);
        }
    }

    @Test
    void theSameImageGivesTheSameFit() {
        SimulationSpec spec = CuboidScenario.seedBenchmark().sample(31_100);
        float[] counts = Simulator.render(spec).image().pixels();
        CuboidFit once = fitter.fit(counts, 128, 0.25, 10);
        CuboidFit again = fitter.fit(counts, 128, 0.25, 10);
        assertThat(again.cuboid()).isEqualTo(once.cuboid());
        assertThat(again.deviance()).isEqualTo(once.deviance());
        assertThat(again.countProbabilities()).containsExactly(once.countProbabilities());
    }

    @Test
    void refusesWhatItCannotFitWithTheReason() {
        assertThatThrownBy(() -> fitter.fit(new float[30 * 30], 30, 0.25, 10))
                .hasMessageContaining("image side 30 px").hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> fitter.fit(new float[64 * 64], 64, 0.25, 10))
                .hasMessageContaining("no particle to fit");
        assertThatThrownBy(() -> fitter.fit(new float[64 * 64], 64, 0.25, -1))
                .hasMessageContaining("dose -1.0");
        float[] nan = new float[64 * 64];
        nan[64 * 3 + 5] = Float.NaN;
        assertThatThrownBy(() -> fitter.fit(nan, 64, 0.25, 10)).hasMessageContaining("pixel (5, 3) holds NaN counts");
        float[] infinite = new float[64 * 64];
        infinite[7] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> fitter.fitUnknownDose(infinite, 64, 0.25)).hasMessageContaining("pixel (7, 0) holds Infinity counts");
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
