package org.stemstream.simulator.fit;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.stemstream.simulator.CarbonFilm;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Quaternion;

/**
 * Reads a cut cuboid off a HAADF image by fitting the simulator's own forward model to the counts
 * (maximum likelihood under Poisson noise): the classifier that needs no training. Steps:
 * <ol>
 *   <li>an uncut box from {@code starts} random orientations (fixed by the seed, so the same image
 *       always gives the same answer), each fitted by Levenberg-Marquardt on the image binned 4 x 4;
 *       the three best refitted on the image binned 2 x 2, the best of them at full resolution with
 *       the probe's blur free;</li>
 *   <li>the cut corners by {@link CutSearch}, which also gives the posterior over their number and
 *       arrangement;</li>
 *   <li>the shape (mixed-shapes' T4): a right pyramid on an equilateral base and a sphere fitted
 *       the same way, unless already on the coarse raster they lie {@value #SHAPE_MARGIN} of
 *       deviance above the cuboid; the posterior from Akaike weights.</li>
 * </ol>
 * A projection cannot tell an orientation from its mirror image through the image plane; for a
 * cuboid the two differ by the inversion through its centre, which maps each corner to the
 * opposite one and keeps every count and arrangement. About 0.15 s per 128 x 128 image on one
 * core; calls share no state, so threads may fit images side by side.
 */
public final class CuboidFitter {

    /**
     * Recorded with each answer: bump when the same image could give a different fit (5: the
     * served fit undoes the augmentation stage's quarter turns, gain and contrast first).
     */
    public static final String VERSION = "5";
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
     * A shape whose best coarse deviance lies this far above the cuboid's is not refined: on the
     * 4 x 4 binned raster the wrong shapes of mixed-shapes lie thousands above.
     */
    static final double SHAPE_MARGIN = 500;
    /** The shapes compared, in the order of {@link CuboidFit#shapeProbabilities()} (that of mixed-shapes). */
    static final ForwardModel.Shape[] SHAPES = ForwardModel.Shape.values();

    /**
     * {@code starts} random orientations for the uncut box; {@code cutPenalty} the deviance each cut
     * corner must buy beyond the prior (3, chosen on seed-benchmark images of seeds 7000-7099,
     * never the evaluation seeds); {@code seed} of the starting orientations; {@code film} the
     * carbon film under the particle (its mean thickness adds to every pixel; null: none); {@code turn}
     * whether to fit a turn of the particle during the scan (a lab-frame rotation vector over the frame).
     */
    public record Settings(int starts, double cutPenalty, long seed, CarbonFilm film, boolean turn) {
        public Settings {
            if (starts < 1) {
                throw new IllegalArgumentException("starts " + starts + " < 1");
            }
            if (!(cutPenalty >= 0) || Double.isInfinite(cutPenalty)) {
                throw new IllegalArgumentException("cut penalty " + cutPenalty + " is not a finite number >= 0");
            }
        }

        /** 12 starts, penalty 3, seed 1, the default film of {@link Imaging#defaults()}, a still particle. */
        public static Settings defaults() {
            return new Settings(12, 3, 1, Imaging.defaults().carbon(), false);
        }

        /** These settings, also fitting a turn of the particle during the scan (three more parameters, at full resolution). */
        public Settings withTurn() {
            return new Settings(starts, cutPenalty, seed, film, true);
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
        if (!(dose > 0) || Double.isInfinite(dose)) {
            throw new IllegalArgumentException("dose " + dose + " must be finite and > 0");
        }
        return fit(counts, size, pixelSizeNm, dose, false);
    }

    /**
     * Like {@link #fit(float[], int, double, double)} for an image whose dose is not known (a
     * detector without a calibration): the dose is fitted with the particle, from a first estimate
     * by the film's counts in the frame's border ({@link DoseEstimate}).
     */
    public CuboidFit fitUnknownDose(float[] counts, int size, double pixelSizeNm) {
        return fit(counts, size, pixelSizeNm, Double.NaN, true);
    }

    private CuboidFit fit(float[] counts, int size, double pixelSizeNm, double givenDose, boolean fitDose) {
        if (size < 8 * COARSE || size % COARSE != 0) {
            throw new IllegalArgumentException("image side " + size + " px: the fit needs a multiple of " + COARSE
                    + " of at least " + 8 * COARSE);
        }
        if (counts.length != size * size) {
            throw new IllegalArgumentException(counts.length + " counts for a " + size + " x " + size + " image");
        }
        if (!(pixelSizeNm > 0) || Double.isInfinite(pixelSizeNm)) {
            throw new IllegalArgumentException("pixel size " + pixelSizeNm + " nm must be finite and > 0");
        }
        double[] n = new double[counts.length];
        for (int i = 0; i < n.length; i++) {
            if (!Float.isFinite(counts[i])) {
                throw new IllegalArgumentException("pixel (" + i % size + ", " + i / size + ") holds " + counts[i]
                        + " counts; the fit takes finite counts");
            }
            n[i] = Math.max(0, counts[i]); // read noise can push a count below 0; the Poisson likelihood takes it as 0
        }
        double filmNm = settings.film() == null ? 0 : settings.film().goldEquivalentNm();
        double dose = fitDose ? DoseEstimate.of(n, size, pixelSizeNm, filmNm, DoseEstimate.RING) : givenDose;
        ForwardModel full = new ForwardModel(size, pixelSizeNm, dose, filmNm, 2);
        Start start = start(full, n);
        Coarse cuboidStarts = coarse(full, n, start);
        Quaternion[] base = new Quaternion[1];
        // freed at full resolution only: an unknown dose drifted with the sizes when freed on the coarse raster
        boolean[] late = new boolean[ForwardModel.PARAMETERS];
        late[ForwardModel.LOG_DOSE] = fitDose;
        Arrays.fill(late, ForwardModel.TURN_X, ForwardModel.TURN_Z + 1, settings.turn());
        double[] p = refine(full, n, cuboidStarts, base, late);
        CuboidFit cuboid = CutSearch.search(full, n, p, base, settings.cutPenalty(), late);
        double[] criterion = new double[SHAPES.length];
        criterion[0] = cuboid.deviance() + 2 * (parameters(ForwardModel.Shape.CUBOID) + cuboid.cutCorners());
        for (int s = 1; s < SHAPES.length; s++) {
            ForwardModel shape = full.of(SHAPES[s]);
            Coarse starts = coarse(shape, n, start);
            if (starts.bestDeviance() - cuboidStarts.bestDeviance() > SHAPE_MARGIN) {
                criterion[s] = Double.POSITIVE_INFINITY; // far worse than the cuboid already on the coarse raster
                continue;
            }
            Quaternion[] q = new Quaternion[1];
            double[] fitted = refine(shape, n, starts, q, late);
            criterion[s] = shape.deviance(n, fitted, q[0]) + 2 * parameters(SHAPES[s]);
        }
        return cuboid.withShapeProbabilities(shapePosterior(criterion));
    }

    /** The volume above the film and the centroid of the thick pixels: where every start begins. */
    private record Start(double volume, double x, double y) {
    }

    private static Start start(ForwardModel full, double[] n) {
        int size = full.size();
        double ps = full.pixelSizeNm();
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
        return new Start(Math.max(volume, Math.pow(LevenbergMarquardt.EDGE_MIN_NM, 3)), cx / mass, cy / mass);
    }

    /** The shape's fitted parameters and the sizes, orientation and blur they add to the start. */
    private static int parameters(ForwardModel.Shape shape) {
        return shape.sizes + (shape.oriented ? 3 : 0) + 3;
    }

    /**
     * P(shape) from exp(-(deviance + 2 parameters) / 2) (Akaike's weights; the deviances of the
     * wrong shapes lie hundreds to thousands above the right one's).
     */
    private static double[] shapePosterior(double[] criterion) {
        double best = Arrays.stream(criterion).min().orElseThrow();
        double[] p = new double[criterion.length];
        double sum = 0;
        for (int s = 0; s < p.length; s++) {
            p[s] = Math.exp(-(criterion[s] - best) / 2);
            sum += p[s];
        }
        for (int s = 0; s < p.length; s++) {
            p[s] /= sum;
        }
        return p;
    }

    /** A shape's uncut fits from every start on the image binned 4 x 4, best first. */
    private record Coarse(List<double[]> fits, List<Quaternion> orientations, double bestDeviance) {
    }

    private Coarse coarse(ForwardModel full, double[] n, Start start) {
        ForwardModel.Shape shape = full.shape();
        int starts = shape.oriented ? settings.starts() : 1;
        SplittableRandom random = new SplittableRandom(settings.seed());
        ForwardModel coarse = full.binned(COARSE, 2);
        double[] coarseCounts = ForwardModel.bin(n, full.size(), COARSE);
        boolean[] free = shape.free(); // an unknown dose stays at its first estimate here: freed this early, it drifts with the sizes
        double[][] fits = new double[starts][];
        Quaternion[] orientations = new Quaternion[starts];
        double[] deviance = new double[starts];
        for (int s = 0; s < starts; s++) {
            double[] p = initial(shape, start, random);
            Quaternion[] q = {shape.oriented ? Quaternion.random(random) : Quaternion.identity()};
            // the other shapes only need to come near: the wrong shapes' deviances lie thousands above the right one's
            deviance[s] = LevenbergMarquardt.fit(coarse, coarseCounts, p, q, free,
                    shape == ForwardModel.Shape.CUBOID ? COARSE_ITERATIONS : COARSE_ITERATIONS / 2);
            fits[s] = p;
            orientations[s] = q[0];
        }
        Integer[] order = new Integer[starts];
        for (int s = 0; s < order.length; s++) {
            order[s] = s;
        }
        Arrays.sort(order, Comparator.comparingDouble(s -> deviance[s]));
        return new Coarse(Arrays.stream(order).map(s -> fits[s]).toList(), Arrays.stream(order).map(s -> orientations[s]).toList(),
                deviance[order[0]]);
    }

    /** The best {@link #REFINED} coarse fits refitted on the image binned 2 x 2, the best of them at full resolution with the blur free. */
    private static double[] refine(ForwardModel full, double[] n, Coarse coarse, Quaternion[] base, boolean[] late) {
        boolean[] free = full.shape().free();
        ForwardModel middle = full.binned(MIDDLE, 2);
        double[] middleCounts = ForwardModel.bin(n, full.size(), MIDDLE);
        double best = Double.POSITIVE_INFINITY;
        double[] bestP = null;
        for (int r = 0; r < Math.min(REFINED, coarse.fits().size()); r++) {
            double[] p = coarse.fits().get(r).clone();
            Quaternion[] q = {coarse.orientations().get(r)};
            double d = LevenbergMarquardt.fit(middle, middleCounts, p, q, free, MIDDLE_ITERATIONS);
            if (d < best) {
                best = d;
                bestP = p;
                base[0] = q[0];
            }
        }
        free[ForwardModel.SIGMA] = true;
        for (int k = 0; k < free.length; k++) {
            free[k] |= late[k] && (full.shape().oriented || k < ForwardModel.TURN_X); // a sphere looks the same however it turns
        }
        LevenbergMarquardt.fit(full, n, bestP, base, free, FULL_ITERATIONS);
        return bestP;
    }

    /** Sizes that hold the start's volume (a cuboid's first two edges drawn within 10 % of a cube's), centred on its centroid. */
    private static double[] initial(ForwardModel.Shape shape, Start start, SplittableRandom random) {
        double[] p = new double[ForwardModel.PARAMETERS];
        double volume = start.volume();
        switch (shape) {
            case CUBOID -> {
                double edge = Math.cbrt(volume);
                p[ForwardModel.A] = edge * (0.9 + 0.2 * random.nextDouble());
                p[ForwardModel.B] = edge * (0.9 + 0.2 * random.nextDouble());
                p[ForwardModel.C] = volume / (p[ForwardModel.A] * p[ForwardModel.B]);
            }
            case PYRAMID -> {
                // a regular tetrahedron of edge e holds e^3 / (6 sqrt 2)
                double edge = Math.cbrt(volume * 6 * Math.sqrt(2));
                p[ForwardModel.A] = edge;
                p[ForwardModel.B] = edge * Math.sqrt(2.0 / 3.0);
            }
            case SPHERE -> p[ForwardModel.A] = Math.cbrt(volume * 3 / (4 * Math.PI));
        }
        p[ForwardModel.OX] = start.x();
        p[ForwardModel.OY] = start.y();
        p[ForwardModel.SIGMA] = START_SIGMA_NM;
        LevenbergMarquardt.clamp(p);
        return p;
    }
}
