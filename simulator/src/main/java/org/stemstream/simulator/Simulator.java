package org.stemstream.simulator;

import org.stemstream.simulator.geometry.Projector;
import org.stemstream.simulator.noise.NoisePipeline;

/**
 * The simulator's entry points. A {@link SimulationSpec} goes in; {@link #project} gives the
 * noiseless HAADF image (gold-equivalent thickness in nm: chord length x (Z / 79)^1.7 per pixel,
 * averaged over s x s rays), {@link #applyNoise} turns it into detector counts. Conventions:
 * docs/physics.md. Every call validates first and is a pure function of its arguments.
 */
public final class Simulator {

    /** Recorded in provenance: bump when any image for a given spec and seed would change. */
    public static final String VERSION = "0.2.0";
    /** Rays per pixel along each axis by default. */
    public static final int DEFAULT_SUPERSAMPLING = 3;
    public static final int MAX_SUPERSAMPLING = 8;
    public static final int MIN_SIZE = SpecValidator.MIN_SIZE;
    public static final int MAX_SIZE = SpecValidator.MAX_SIZE;

    private Simulator() {
    }

    /** Throws {@link InvalidSpecException} with the numbers when {@code spec} cannot be rendered. */
    public static void validate(SimulationSpec spec) {
        SpecValidator.validate(spec);
    }

    /** Throws {@link InvalidSpecException} when the noise settings cannot be applied. */
    public static void validate(Imaging imaging, double pixelSizeNm) {
        SpecValidator.imaging(imaging, pixelSizeNm);
    }

    /** The noiseless projection with {@link #DEFAULT_SUPERSAMPLING}. */
    public static Image project(SimulationSpec spec) {
        return project(spec, DEFAULT_SUPERSAMPLING);
    }

    /** The noiseless projection with s x s rays per pixel (1 samples pixel centres only). */
    public static Image project(SimulationSpec spec, int supersampling) {
        validate(spec);
        if (supersampling < 1 || supersampling > MAX_SUPERSAMPLING) {
            throw new InvalidSpecException("supersampling " + supersampling + " is not in [1, " + MAX_SUPERSAMPLING + "]");
        }
        return Projector.project(spec, supersampling);
    }

    /**
     * Carbon film, probe blur, scan jitter, Poisson counts at the dose, read noise (see
     * {@link NoisePipeline}); {@code clean} is never modified. Its pixels are projected
     * thicknesses: a negative or non-finite one is an {@link InvalidSpecException}.
     */
    public static NoisyImage applyNoise(Image clean, Imaging imaging, double pixelSizeNm, long seed) {
        validate(imaging, pixelSizeNm);
        return NoisePipeline.apply(clean, imaging, pixelSizeNm, seed);
    }

    /** {@link #project} then {@link #applyNoise} with the spec's imaging and seed. */
    public static NoisyImage render(SimulationSpec spec) {
        return applyNoise(project(spec), spec.imaging(), spec.pixelSizeNm(), spec.seed());
    }
}
