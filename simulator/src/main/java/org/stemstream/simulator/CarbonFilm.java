package org.stemstream.simulator;

/**
 * The amorphous carbon support film: thickness = mean * (1 + rms * g(x, y)), g a zero-mean,
 * unit-variance Gaussian random field (white noise filtered by a Gaussian of standard deviation
 * {@code correlationLengthNm}), clipped at zero. {@code rms} is relative (0.15 = 15 %).
 */
public record CarbonFilm(double meanThicknessNm, double rms, double correlationLengthNm) {

    /** Atomic number of carbon. */
    public static final double Z = 6;

    /**
     * The mean thickness in nm of gold that gives the same counts (thickness x (6 / 79)^1.7): what
     * the film adds to every pixel, in the unit of the dose (counts per pixel per nm of gold).
     */
    public double goldEquivalentNm() {
        return meanThicknessNm * org.stemstream.simulator.geometry.Projector.contrast(Z);
    }
}
