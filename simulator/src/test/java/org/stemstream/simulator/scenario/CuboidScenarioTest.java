package org.stemstream.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.SimulationSpec;

class CuboidScenarioTest {

    @Test
    void seedBenchmarkSamplesStayWithinTheirRanges() {
        CuboidScenario s = CuboidScenario.seedBenchmark();
        int[] byK = new int[9];
        for (long seed = 0; seed < 3000; seed++) {
            SimulationSpec spec = s.sample(seed);
            Cuboid c = (Cuboid) spec.particle();
            assertThat(List.of(c.a(), c.b(), c.c())).allSatisfy(e -> assertThat(e).isBetween(8.0, 14.0));
            for (int corner = 0; corner < 8; corner++) {
                double f = c.cutDepth(corner);
                assertThat(f == 0 || (f >= 0.20 && f <= 0.35)).as("f = %s", f).isTrue();
            }
            byK[Labels.deformedCount(c)]++;
            assertThat(Math.abs(spec.offsetXNm())).isLessThanOrEqualTo(1.5);
            assertThat(Math.abs(spec.offsetYNm())).isLessThanOrEqualTo(1.5);
            assertThat(spec.imaging().probeSigmaNm()).isBetween(0.10, 0.25);
            assertThat(spec.imaging().dose()).isEqualTo(10.0);
            assertThat(spec.imaging().carbon()).isEqualTo(BenchmarkSettings.CARBON);
            assertThat(spec.imaging().readNoiseSigma()).isZero();
            assertThat(spec.width()).isEqualTo(128);
            assertThat(spec.height()).isEqualTo(128);
            assertThat(spec.pixelSizeNm()).isEqualTo(0.25);
            assertThat(spec.atomicNumber()).isEqualTo(79.0);
            assertThat(spec.scanRotation()).isNull();
        }
        for (int k : byK) {
            assertThat(k).isBetween(250, 420); // expect 333, sd 17
        }
    }

    @Test
    void seedBenchmarkParametersMatchTheTable() {
        Map<String, Object> p = CuboidScenario.seedBenchmark().parameters();
        assertThat(p.get("image")).isEqualTo(Map.of("width", 128, "height", 128, "pixelSizeNm", 0.25,
                "fieldOfViewNm", 32.0));
        assertThat(p.get("carbonFilm")).isEqualTo(Map.of("atomicNumber", 6.0, "meanThicknessNm", 3.0, "rms", 0.15,
                "correlationLengthNm", 0.5));
        assertThat(p.get("probeBlurSigmaNm")).isEqualTo(Map.of("min", 0.10, "max", 0.25));
        assertThat(p.get("scanRotation")).isEqualTo("none");
        @SuppressWarnings("unchecked")
        Map<String, Object> shape = (Map<String, Object>) p.get("shape");
        assertThat(shape.get("edgesNm")).isEqualTo(Map.of("min", 8.0, "max", 14.0));
    }

    @Test
    void evaluationVariantsChangeOnlyTheCorners() {
        int zero = 0;
        for (long seed = 0; seed < 1000; seed++) {
            SimulationSpec t1 = CuboidScenario.t1Balanced().sample(seed);
            zero += Labels.deformedCount(t1.particle()) == 0 ? 1 : 0;
            SimulationSpec t3 = CuboidScenario.t3TwoCorners().sample(seed);
            assertThat(Labels.deformedCount(t3.particle())).isEqualTo(2);
            assertThat(Labels.arrangement(t3.particle())).isPresent();
            SimulationSpec base = CuboidScenario.seedBenchmark().sample(seed);
            for (SimulationSpec variant : new SimulationSpec[] {t1, t3}) {
                org.stemstream.simulator.Cuboid c = (org.stemstream.simulator.Cuboid) variant.particle();
                org.stemstream.simulator.Cuboid b = (org.stemstream.simulator.Cuboid) base.particle();
                assertThat(new double[] {c.a(), c.b(), c.c()}).containsExactly(b.a(), b.b(), b.c());
                assertThat(variant.orientation()).isEqualTo(base.orientation());
                assertThat(variant.offsetXNm()).isEqualTo(base.offsetXNm());
                assertThat(variant.offsetYNm()).isEqualTo(base.offsetYNm());
                assertThat(new double[] {variant.width(), variant.height(), variant.pixelSizeNm()})
                        .containsExactly(base.width(), base.height(), base.pixelSizeNm());
                assertThat(variant.imaging()).isEqualTo(base.imaging());
            }
        }
        assertThat(zero).isBetween(440, 560);
    }

    @Test
    void rotatingTurnsBy5To30DegreesPerFrame() {
        for (long seed = 0; seed < 300; seed++) {
            SimulationSpec spec = CuboidScenario.rotating().sample(seed);
            assertThat(Math.toDegrees(spec.scanRotation().totalAngleRad())).isBetween(5.0, 30.0);
            assertThat(spec.scanRotation().axis().norm()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(spec.scanRotation().perPixel()).isFalse();
        }
    }
}
