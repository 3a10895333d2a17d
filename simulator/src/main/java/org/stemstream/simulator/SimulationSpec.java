package org.stemstream.simulator;

/**
 * One image to render: the particle in its body frame, its orientation q (body to lab), optional
 * rotation during the scan (null = none), the raster (width x height pixels of
 * {@code pixelSizeNm}), the particle centre's offset from the image centre in nm (+x moves it
 * right, +y down), the particle's atomic number (79 = gold) and the imaging settings. The
 * {@code seed} drives all noise (see {@link RandomStreams}). Validated by
 * {@link Simulator#validate}.
 */
public record SimulationSpec(long seed, Particle particle, Quaternion orientation, ScanRotation scanRotation,
                             int width, int height, double pixelSizeNm, double offsetXNm, double offsetYNm,
                             double atomicNumber, Imaging imaging) {

    /** Atomic number of gold, the reference material of the contrast. */
    public static final double GOLD = 79;

    public SimulationSpec withSeed(long newSeed) {
        return new SimulationSpec(newSeed, particle, orientation, scanRotation, width, height, pixelSizeNm,
                offsetXNm, offsetYNm, atomicNumber, imaging);
    }

    public SimulationSpec withParticle(Particle p) {
        return new SimulationSpec(seed, p, orientation, scanRotation, width, height, pixelSizeNm,
                offsetXNm, offsetYNm, atomicNumber, imaging);
    }

    public SimulationSpec withOrientation(Quaternion q) {
        return new SimulationSpec(seed, particle, q, scanRotation, width, height, pixelSizeNm,
                offsetXNm, offsetYNm, atomicNumber, imaging);
    }

    public SimulationSpec withScanRotation(ScanRotation r) {
        return new SimulationSpec(seed, particle, orientation, r, width, height, pixelSizeNm,
                offsetXNm, offsetYNm, atomicNumber, imaging);
    }

    public SimulationSpec withRaster(int w, int h, double pixelSize) {
        return new SimulationSpec(seed, particle, orientation, scanRotation, w, h, pixelSize,
                offsetXNm, offsetYNm, atomicNumber, imaging);
    }

    public SimulationSpec withOffset(double xNm, double yNm) {
        return new SimulationSpec(seed, particle, orientation, scanRotation, width, height, pixelSizeNm,
                xNm, yNm, atomicNumber, imaging);
    }

    public SimulationSpec withImaging(Imaging im) {
        return new SimulationSpec(seed, particle, orientation, scanRotation, width, height, pixelSizeNm,
                offsetXNm, offsetYNm, atomicNumber, im);
    }
}
