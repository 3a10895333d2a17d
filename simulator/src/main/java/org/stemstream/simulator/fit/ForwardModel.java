package org.stemstream.simulator.fit;

import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.ScanRotation;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Sphere;
import org.stemstream.simulator.Vec3;
import org.stemstream.simulator.geometry.Projector;
import org.stemstream.simulator.noise.GaussianBlur;

/**
 * The expected detector counts of a particle on a square raster (a cut cuboid, a right pyramid on
 * an equilateral base, or a sphere: {@link Shape}), computed by the simulator's own
 * code (docs/physics.md): {@link Projector}'s chords, the carbon film's mean thickness, the probe's
 * {@link GaussianBlur}, times the dose. The film's random roughness is left out: it averages to
 * its mean. Parameters are a {@code double[]} laid out by the constants below; the orientation is
 * a base quaternion turned by the small rotation vector (RX, RY, RZ) in the lab frame, so a fit
 * can step it like any other number.
 */
final class ForwardModel {

    /**
     * The shapes of {@code mixed-shapes} and how the size parameters read for each: a cuboid's
     * edges (A, B, C) and cut depths; a pyramid's base edge (A) and height (B); a sphere's radius (A).
     */
    enum Shape {
        CUBOID(3, true), PYRAMID(2, true), SPHERE(1, false);

        final int sizes;
        final boolean oriented;

        Shape(int sizes, boolean oriented) {
            this.sizes = sizes;
            this.oriented = oriented;
        }

        /** The free parameters of its uncut fit: sizes, orientation if it has one, offset (the blur is added at full resolution). */
        boolean[] free() {
            boolean[] free = new boolean[PARAMETERS];
            for (int k = 0; k < sizes; k++) {
                free[A + k] = true;
            }
            free[RX] = oriented;
            free[RY] = oriented;
            free[RZ] = oriented;
            free[OX] = true;
            free[OY] = true;
            return free;
        }
    }

    static final int A = 0;
    static final int B = 1;
    static final int C = 2;
    static final int RX = 3;
    static final int RY = 4;
    static final int RZ = 5;
    static final int OX = 6;
    static final int OY = 7;
    static final int SIGMA = 8;
    /** Cut depth f of corner i sits at CUT + i; 0 leaves the corner intact. */
    static final int CUT = 9;
    /** The natural log of the dose over the model's: 0 where the dose is known, fitted where it is not. */
    static final int LOG_DOSE = CUT + Cuboid.CORNERS;
    /**
     * The turn during the scan, a lab-frame rotation vector (rad) over the whole frame: line j sees
     * the orientation turned by j / H of it ({@link ScanRotation}); 0 for a still particle.
     */
    static final int TURN_X = LOG_DOSE + 1;
    static final int TURN_Y = TURN_X + 1;
    static final int TURN_Z = TURN_X + 2;
    static final int PARAMETERS = TURN_Z + 1;

    private final int size;
    private final double pixelSizeNm;
    private final double dose;
    private final double background;
    private final int supersampling;
    private final Shape shape;

    /**
     * A cuboid on a {@code size x size} raster of {@code pixelSizeNm} pixels at {@code dose} counts
     * per pixel per nm of gold, over a film that adds {@code backgroundNm} nm of gold-equivalent thickness.
     */
    ForwardModel(int size, double pixelSizeNm, double dose, double backgroundNm, int supersampling) {
        this(size, pixelSizeNm, dose, backgroundNm, supersampling, Shape.CUBOID);
    }

    private ForwardModel(int size, double pixelSizeNm, double dose, double backgroundNm, int supersampling, Shape shape) {
        this.shape = shape;
        this.size = size;
        this.pixelSizeNm = pixelSizeNm;
        this.dose = dose;
        this.background = backgroundNm;
        this.supersampling = supersampling;
    }

    int size() {
        return size;
    }

    double pixelSizeNm() {
        return pixelSizeNm;
    }

    double dose() {
        return dose;
    }

    double backgroundNm() {
        return background;
    }

    int pixels() {
        return size * size;
    }

    /**
     * The same model on the raster binned {@code factor} x {@code factor} (pixels {@code factor}
     * times wider, each collecting the counts of {@code factor^2}), with {@code rays} x {@code rays}
     * rays per pixel.
     */
    ForwardModel binned(int factor, int rays) {
        return new ForwardModel(size / factor, pixelSizeNm * factor, dose * factor * factor, background, rays, shape);
    }

    /** The same raster and imaging with another shape. */
    ForwardModel of(Shape other) {
        return new ForwardModel(size, pixelSizeNm, dose, background, supersampling, other);
    }

    Shape shape() {
        return shape;
    }

    /** Counts of a {@code size x size} raster summed over {@code factor x factor} blocks. */
    static double[] bin(double[] counts, int size, int factor) {
        int binnedSize = size / factor;
        double[] out = new double[binnedSize * binnedSize];
        for (int y = 0; y < binnedSize * factor; y++) {
            for (int x = 0; x < binnedSize * factor; x++) {
                out[(y / factor) * binnedSize + x / factor] += counts[y * size + x];
            }
        }
        return out;
    }

    static Quaternion orientation(double[] p, Quaternion base) {
        double angle = Math.sqrt(p[RX] * p[RX] + p[RY] * p[RY] + p[RZ] * p[RZ]);
        return angle < 1e-15 ? base : Quaternion.fromAxisAngle(new Vec3(p[RX], p[RY], p[RZ]), angle).multiply(base);
    }

    static Cuboid cuboid(double[] p) {
        double[] cuts = new double[Cuboid.CORNERS];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = Math.max(0, p[CUT + i]);
        }
        return new Cuboid(p[A], p[B], p[C], cuts);
    }

    Particle particle(double[] p) {
        return switch (shape) {
            case CUBOID -> cuboid(p);
            case PYRAMID -> Pyramid.of(p[A], p[B]);
            case SPHERE -> new Sphere(p[A]);
        };
    }

    /** Expected counts per pixel, row-major, written into {@code out}. */
    double[] expected(double[] p, Quaternion base, double[] out) {
        double turn = Math.sqrt(p[TURN_X] * p[TURN_X] + p[TURN_Y] * p[TURN_Y] + p[TURN_Z] * p[TURN_Z]);
        ScanRotation rotation = turn > 0 ? new ScanRotation(new Vec3(p[TURN_X], p[TURN_Y], p[TURN_Z]), turn, false) : null;
        SimulationSpec spec = new SimulationSpec(0, particle(p), orientation(p, base), rotation, size, size, pixelSizeNm,
                p[OX], p[OY], SimulationSpec.GOLD, null);
        float[] blurred = GaussianBlur.blur(Projector.project(spec, supersampling).pixels(), size, size,
                p[SIGMA] / pixelSizeNm);
        double counts = dose * Math.exp(p[LOG_DOSE]);
        for (int i = 0; i < blurred.length; i++) {
            out[i] = counts * (blurred[i] + background);
        }
        return out;
    }

    /** The Poisson deviance 2 sum(mu - n + n ln(n / mu)) of {@code counts} against {@code expected}. */
    static double deviance(double[] counts, double[] expected) {
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            double n = counts[i];
            double mu = Math.max(expected[i], 1e-9);
            sum += mu - n + (n > 0 ? n * Math.log(n / mu) : 0);
        }
        return 2 * sum;
    }

    double deviance(double[] counts, double[] p, Quaternion base) {
        return deviance(counts, expected(p, base, new double[pixels()]));
    }
}
