package org.stemstream.simulator;

/**
 * The amorphous carbon support film: thickness = mean * (1 + rms * g(x, y)), g a zero-mean,
 * unit-variance Gaussian random field (white noise filtered by a Gaussian of standard deviation
 * {@code correlationLengthNm}), clipped at zero. {@code rms} is relative (0.15 = 15 %).
 */
public record CarbonFilm(double meanThicknessNm, double rms, double correlationLengthNm) {

    /** Atomic number of carbon. */
    public static final double Z = 6;
}
