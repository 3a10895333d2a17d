package org.stemstream.simulator.fit;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.stemstream.simulator.CarbonFilm;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.noise.CarbonFilmModel;

/**
 * Reads a cut cuboid off a HAADF image by fitting the simulator's own forward model to the counts
 * (maximum likelihood under Poisson noise): the classifier that needs no training. Steps:
 * <ol>
 *   <li>an uncut box from {@code starts} random orientations (fixed by the seed, so the same image
 *       always gives the same answer), each fitted by Levenberg-Marquardt on the image binned 4 x 4;
 *       the three best refitted on the image binned 2 x 2, the best of them at full resolution with
 *       the probe's blur free;</li>
 *   <li>the cut corners by {@link CutSearch}, which also gives the posterior over their number and
 *       arrangement.</li>
 * </ol>
 * A projection cannot tell an orientation from its mirror image through the image plane; for a
 * cuboid the two differ by the inversion through its centre, which maps each corner to the
 * opposite one and keeps every count and arrangement. About 0.3 s per 128 x 128 image on one
 * core; calls share no state, so threads may fit images side by side.
 */
public final class CuboidFitter {

    /** Recorded with each answer: bump when the same image could give a different fit. */
    public static final String VERSION = "1";
    /** Binning of the coarse and middle stages; the image's side must be a multiple of the largest. */
    static final int COARSE = 4;
    static final int MIDDLE = 2;
    private static final int COARSE_ITERATIONS = 30;
    private static final int MIDDLE_ITERATIONS = 20;
    private static final int FULL_ITERATIONS = 10;
    /** Starts refitted on the middle raster. */
    private static final int REFINED = 3;
    private static final double START_SIGMA_NM = 0.175;
    /** Pixels thicker than this locate the particle's centre at the start. */
    private static final double THICK_NM = 2;

    /**
     * {@code starts} random orientations for the uncut box; {@code cutPenalty} the deviance each cut
     * corner must buy beyond the prior (3, chosen on seed-benchmark images of seeds 7000-7099,
     * never the evaluation seeds); {@code seed} of the starting orientations; {@code film} the
     * carbon film under the particle (its mean thickness adds to every pixel; null: none).
     */
    public record Settings(int starts, double cutPenalty, long seed, CarbonFilm film) {
        public Settings {
            if (starts < 1) {
                throw new IllegalArgumentException("starts " + starts + " < 1");
            }
            if (!(cutPenalty >= 0) || Double.isInfinite(cutPenalty)) {
                throw new IllegalArgumentException("cut penalty " + cutPenalty + " is not a finite number >= 0");
            }
        }

        /** 12 starts, penalty 3, seed 1, the default film of {@link Imaging#defaults()}. */
        public static Settings defaults() {
            return new Settings(12, 3, 1, Imaging.defaults().carbon());
        }
    }

    private final Settings settings;

    public CuboidFitter(Settings settings) {
        this.settings = settings;
    }

    public static CuboidFitter withDefaults() {
        return new CuboidFitter(Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Fits a {@code size x size} image of detector counts, row-major, with pixels of
     * {@code pixelSizeNm} and {@code dose} expected counts per pixel per nm of gold.
     */
    public CuboidFit fit(float[] counts, int size, double pixelSizeNm, double dose) {
        if (size < 8 * COARSE || size % COARSE != 0) {
            throw new IllegalArgumentException("image side " + size + " px: the fit needs a multiple of " + COARSE
                    + " of at least " + 8 * COARSE);
        }
        if (counts.length != size * size) {
            throw new IllegalArgumentException(counts.length + " counts for a " + size + " x " + size + " image");
        }
        if (!(pixelSizeNm > 0) || !(dose > 0) || Double.isInfinite(pixelSizeNm) || Double.isInfinite(dose)) {
            throw new IllegalArgumentException("pixel size " + pixelSizeNm + " nm and dose " + dose + " must be finite and > 0");
        }
        double[] n = new double[counts.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = counts[i];
        }
        double filmNm = settings.film() == null ? 0 : settings.film().meanThicknessNm() * CarbonFilmModel.CONTRAST;
        ForwardModel full = new ForwardModel(size, pixelSizeNm, dose, filmNm, 2);
        Quaternion[] base = new Quaternion[1];
        double[] p = box(full, n, base);
        return CutSearch.search(full, n, p, base, settings.cutPenalty());
    }

    /** The best uncut box over the random starts, refined coarse to fine. */
    private double[] box(ForwardModel full, double[] n, Quaternion[] base) {
        int size = full.size();
        double ps = full.pixelSizeNm();
        // the volume and the centre of the thickness above the film
        double volume = 0;
        double cx = 0;
        double cy = 0;
        double mass = 0;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double t = n[j * size + i] / full.dose() - full.backgroundNm();
                volume += t * ps * ps;
                if (t > THICK_NM) {
                    cx += ((i + 0.5) - size / 2.0) * ps * t;
                    cy += ((j + 0.5) - size / 2.0) * ps * t;
                    mass += t;
                }
            }
        }
        if (!(mass > 0)) {
            throw new IllegalArgumentException("no pixel shows over " + THICK_NM + " nm of gold: no particle to fit");
        }
        double edge = Math.cbrt(Math.max(volume, Math.pow(LevenbergMarquardt.EDGE_MIN_NM, 3)));
        SplittableRandom random = new SplittableRandom(settings.seed());
        ForwardModel coarse = full.binned(COARSE, 2);
        double[] coarseCounts = ForwardModel.bin(n, size, COARSE);
        boolean[] free = new boolean[ForwardModel.PARAMETERS];
        Arrays.fill(free, ForwardModel.A, ForwardModel.SIGMA, true);
        double[][] starts = new double[settings.starts()][];
        Quaternion[] orientations = new Quaternion[settings.starts()];
        double[] deviance = new double[settings.starts()];
        for (int s = 0; s < settings.starts(); s++) {
            double[] p = new double[ForwardModel.PARAMETERS];
            p[ForwardModel.A] = edge * (0.9 + 0.2 * random.nextDouble());
            p[ForwardModel.B] = edge * (0.9 + 0.2 * random.nextDouble());
            p[ForwardModel.C] = volume / (p[ForwardModel.A] * p[ForwardModel.B]);
            p[ForwardModel.OX] = cx / mass;
            p[ForwardModel.OY] = cy / mass;
            p[ForwardModel.SIGMA] = START_SIGMA_NM;
            LevenbergMarquardt.clamp(p);
            Quaternion[] q = {Quaternion.random(random)};
            deviance[s] = LevenbergMarquardt.fit(coarse, coarseCounts, p, q, free, COARSE_ITERATIONS);
            starts[s] = p;
            orientations[s] = q[0];
        }
        Integer[] order = new Integer[settings.starts()];
        for (int s = 0; s < order.length; s++) {
            order[s] = s;
        }
        Arrays.sort(order, Comparator.comparingDouble(s -> deviance[s]));
        ForwardModel middle = full.binned(MIDDLE, 2);
        double[] middleCounts = ForwardModel.bin(n, size, MIDDLE);
        double best = Double.POSITIVE_INFINITY;
        double[] bestP = null;
        for (int r = 0; r < Math.min(REFINED, order.length); r++) {
            double[] p = starts[order[r]].clone();
            Quaternion[] q = {orientations[order[r]]};
            double d = LevenbergMarquardt.fit(middle, middleCounts, p, q, free, MIDDLE_ITERATIONS);
            if (d < best) {
                best = d;
                bestP = p;
                base[0] = q[0];
            }
        }
        free[ForwardModel.SIGMA] = true;
        LevenbergMarquardt.fit(full, n, bestP, base, free, FULL_ITERATIONS);
        return bestP;
    }
}
