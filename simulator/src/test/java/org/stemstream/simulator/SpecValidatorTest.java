package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    private static final SimulationSpec OK = TestSpecs.of(Cuboid.of(10, 11, 12));

    private static void rejects(SimulationSpec spec, String message) {
        assertThatThrownBy(() -> Simulator.validate(spec)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> Simulator.project(spec)).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void acceptsAReasonableSpec() {
        assertThatCode(() -> Simulator.validate(OK)).doesNotThrowAnyException();
    }

    @Test
    void imageSizeMustBeBetween16And2048() {
        rejects(OK.withRaster(8, 128, 0.25), "image width 8 < min 16");
        rejects(OK.withRaster(128, 5000, 0.25), "image height 5000 > max 2048");
        rejects(OK.withRaster(70000, 128, 0.25), "image width 70000 > max 2048");
    }

    @Test
    void pixelSizeMustBePositiveAndFinite() {
        rejects(OK.withRaster(128, 128, 0), "pixel size 0.0 nm");
        rejects(OK.withRaster(128, 128, Double.NaN), "pixel size NaN nm");
        rejects(OK.withRaster(128, 128, -1), "pixel size -1.0 nm");
    }

    @Test
    void particleMustFitTheFieldOfView() {
        rejects(OK.withParticle(Cuboid.cube(40)), "particle bounding radius 34.64");
        rejects(OK.withParticle(Cuboid.cube(40)), "> half field of view 16.0 nm (128 px x 0.25 nm / 2)");
        rejects(OK.withParticle(new Sphere(15)).withOffset(0, 1.5), "|offset y| 1.5 nm");
        rejects(OK.withOffset(Double.NaN, 0), "offset (x, y) = (NaN, 0.0) nm");
    }

    @Test
    void doseMustBePositive() {
        rejects(OK.withImaging(Imaging.of(0.1, 0, null)), "dose 0.0 must be positive");
        rejects(OK.withImaging(Imaging.of(0.1, -3, null)), "dose -3.0");
        rejects(OK.withImaging(Imaging.of(0.1, Double.NaN, null)), "dose NaN");
        assertThatThrownBy(() -> Simulator.applyNoise(Simulator.project(OK), Imaging.of(0.1, 0, null), 0.25, 1))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("dose 0.0");
    }

    @Test
    void particleDimensionsAndCutsAreChecked() {
        rejects(OK.withParticle(Cuboid.of(10, -1, 10)), "cuboid edges (a, b, c) = (10.0, -1.0, 10.0) nm");
        rejects(OK.withParticle(Cuboid.cube(10).withCut(3, 0.6)), "cut depth 0.6 at corner 3");
        rejects(OK.withParticle(Cuboid.cube(10).withCut(5, -0.1)), "cut depth -0.1 at corner 5");
        rejects(OK.withParticle(new Sphere(0)), "sphere radius 0.0 nm");
        Vec3 p = new Vec3(1, 0, 0);
        rejects(OK.withParticle(new Pyramid(p, new Vec3(0, 1, 0), new Vec3(-1, 0, 0), new Vec3(0, -1, 0))),
                "pyramid volume 0.0 nm^3 is degenerate");
    }

    @Test
    void orientationRotationAndNoiseSettingsAreChecked() {
        rejects(OK.withOrientation(null), "orientation is null");
        rejects(OK.withScanRotation(new ScanRotation(Vec3.ZERO, 1, false)), "scan rotation axis");
        rejects(OK.withScanRotation(new ScanRotation(new Vec3(1e200, 0, 0), 1, false)), "scan rotation axis"); // its norm overflows
        rejects(OK.withScanRotation(new ScanRotation(Vec3.X, Double.NaN, false)), "scan rotation angle NaN");
        rejects(OK.withImaging(Imaging.of(100, 10, null)), "probe sigma 100.0 nm = 400.0 px > max 64.0 px");
        rejects(OK.withImaging(Imaging.of(0.1, 10, new CarbonFilm(3, -0.1, 0.5))), "carbon rms -0.1");
        rejects(OK.withImaging(Imaging.of(0.1, 10, null).withReadNoise(-1)), "read noise sigma -1.0");
        rejects(new SimulationSpec(1, OK.particle(), OK.orientation(), null, 128, 128, 0.25, 0, 0, 0, OK.imaging()),
                "atomic number 0.0");
    }

    @Test
    void supersamplingIsBounded() {
        assertThatThrownBy(() -> Simulator.project(OK, 0)).hasMessageContaining("supersampling 0 is not in [1, 8]");
    }
}
