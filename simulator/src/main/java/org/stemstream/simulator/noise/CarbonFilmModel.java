package org.stemstream.simulator.noise;

import java.util.SplittableRandom;
import org.stemstream.simulator.CarbonFilm;
import org.stemstream.simulator.geometry.Projector;

/**
 * The carbon support film (physics.md): thickness = mean * (1 + rms * g), with g a zero-mean,
 * unit-variance Gaussian random field made by filtering white noise with a separable Gaussian of
 * standard deviation = correlation length, clipped at zero. The white noise covers the image plus
 * the kernel radius on every side, so the field is stationary up to the edges and its variance is
 * exactly (sum of squared weights)^2, which the rescaling divides out. Its autocorrelation at a
 * lag of d pixels is exp(-d^2 / (4 sigma^2)).
 */
public final class CarbonFilmModel {

    /** Contrast of one nm of carbon relative to one nm of gold: (6 / 79)^1.7. */
    public static final double CONTRAST = Projector.contrast(CarbonFilm.Z);

    private CarbonFilmModel() {
    }

    /** The unit-variance random field g, w x h, row-major (white noise drawn row by row, padded). */
    public static float[] field(int w, int h, double correlationPx, SplittableRandom rnd) {
        float[] k = GaussianKernel.weights(correlationPx);
        int r = k.length / 2;
        int pw = w + 2 * r;
        int ph = h + 2 * r;
        float[][] filtered = new float[ph][];
        float[] white = new float[pw];
        float[] shifted = new float[w];
        for (int y = 0; y < ph; y++) {
            GaussianNoise.fill(white, rnd);
            filtered[y] = new float[w];
            SeparableFilter.row(white, k, filtered[y], w, shifted);
        }
        float[] g = new float[w * h];
        float[] line = new float[w];
        float scale = (float) (1 / GaussianKernel.sumOfSquares(k));
        for (int y = 0; y < h; y++) {
            SeparableFilter.columns(filtered, y, k, line, w);
            for (int x = 0; x < w; x++) {
                line[x] *= scale;
            }
            System.arraycopy(line, 0, g, y * w, w);
        }
        return g;
    }

    /** The film's thickness in nm per pixel. */
    public static float[] thickness(CarbonFilm film, int w, int h, double pixelSizeNm, SplittableRandom rnd) {
        float[] t = field(w, h, film.correlationLengthNm() / pixelSizeNm, rnd);
        float mean = (float) film.meanThicknessNm();
        float amp = (float) (film.meanThicknessNm() * film.rms());
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.max(0f, mean + amp * t[i]);
        }
        return t;
    }

    /** Adds the film's intensity (thickness x carbon contrast, gold-equivalent nm) to {@code image}. */
    public static void addTo(float[] image, int w, int h, CarbonFilm film, double pixelSizeNm,
                             SplittableRandom rnd) {
        float[] t = thickness(film, w, h, pixelSizeNm, rnd);
        float c = (float) CONTRAST;
        for (int i = 0; i < image.length; i++) {
            image[i] += c * t[i];
        }
    }
}
