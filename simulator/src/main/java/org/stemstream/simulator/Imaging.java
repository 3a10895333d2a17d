package org.stemstream.simulator;

/**
 * Detector and noise settings applied to a noiseless projection, in this order: Gaussian probe
 * blur ({@code probeSigmaNm}, 0 = none), carbon film ({@code carbon}, null = none), scan-line
 * jitter ({@code scanJitterPx}, standard deviation of each line's horizontal shift in pixels,
 * 0 = none), Poisson shot noise at {@code dose} (expected counts per pixel per nm of gold), and
 * Gaussian detector read noise ({@code readNoiseSigma} counts, 0 = none).
 */
public record Imaging(double probeSigmaNm, double dose, CarbonFilm carbon, double readNoiseSigma,
                      double scanJitterPx) {

    /**
     * Defaults for settings a request leaves open: the middle of the seed-benchmark ranges
     * (probe sigma 0.175 nm, dose 10 counts per pixel per nm of gold, 3 nm carbon film with 15 %
     * rms and 0.5 nm correlation length), no read noise, no jitter.
     */
    public static Imaging defaults() {
        return new Imaging(0.175, 10, new CarbonFilm(3, 0.15, 0.5), 0, 0);
    }

    /** Blur, carbon and shot noise only. */
    public static Imaging of(double probeSigmaNm, double dose, CarbonFilm carbon) {
        return new Imaging(probeSigmaNm, dose, carbon, 0, 0);
    }

    public Imaging withCarbon(CarbonFilm film) {
        return new Imaging(probeSigmaNm, dose, film, readNoiseSigma, scanJitterPx);
    }

    public Imaging withReadNoise(double sigma) {
        return new Imaging(probeSigmaNm, dose, carbon, sigma, scanJitterPx);
    }

    public Imaging withScanJitter(double sigmaPx) {
        return new Imaging(probeSigmaNm, dose, carbon, readNoiseSigma, sigmaPx);
    }
}
