package org.stemstream.simulator;

/** Fixtures shared by the tests: a 128 x 128, 0.25 nm gold request with seed-benchmark imaging. */
public final class TestSpecs {

    public static final CarbonFilm CARBON = new CarbonFilm(3, 0.15, 0.5);
    public static final Imaging IMAGING = Imaging.of(0.15, 10, CARBON);

    private TestSpecs() {
    }

    public static SimulationSpec of(Particle particle) {
        return of(particle, Quaternion.identity());
    }

    public static SimulationSpec of(Particle particle, Quaternion orientation) {
        return new SimulationSpec(1, particle, orientation, null, 128, 128, 0.25, 0, 0, 79, IMAGING);
    }
}
