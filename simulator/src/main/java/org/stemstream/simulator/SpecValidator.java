package org.stemstream.simulator;

import org.stemstream.simulator.noise.GaussianKernel;

/**
 * The checks behind {@link Simulator#validate}: every message carries the offending numbers.
 * Messages are only built on failure, because validation runs for every image.
 */
final class SpecValidator {

    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 2048;
    /** Largest blur or correlation sigma, in pixels: bounds the kernels' memory and time. */
    static final double MAX_SIGMA_PX = 64;
    static final double MAX_DOSE = 1e9;
    static final double MAX_ATOMIC_NUMBER = 120;

    private SpecValidator() {
    }

    static void validate(SimulationSpec spec) {
        if (spec == null || spec.particle() == null || spec.orientation() == null || spec.imaging() == null) {
            throw new InvalidSpecException(spec == null ? "simulation spec is null"
                    : spec.particle() == null ? "particle is null"
                    : spec.orientation() == null ? "orientation is null" : "imaging is null");
        }
        size("width", spec.width());
        size("height", spec.height());
        pixelSize(spec.pixelSizeNm());
        if (!(Double.isFinite(spec.offsetXNm()) && Double.isFinite(spec.offsetYNm()))) {
            throw fail("offset (x, y) = (" + spec.offsetXNm() + ", " + spec.offsetYNm() + ") nm is not finite");
        }
        double z = spec.atomicNumber();
        if (!(z > 0 && z <= MAX_ATOMIC_NUMBER)) {
            throw fail("atomic number " + z + " is not in (0, " + MAX_ATOMIC_NUMBER + "]");
        }
        particle(spec.particle());
        fits(spec);
        ScanRotation rot = spec.scanRotation();
        if (rot != null) {
            // a finite, non-zero norm: (1e200, 0, 0) squares to infinity and (1e-200, 0, 0) to zero, and normalising either fails later
            if (rot.axis() == null || !rot.axis().isFinite() || !(rot.axis().norm() > 0) || !Double.isFinite(rot.axis().norm())) {
                throw fail("scan rotation axis " + rot.axis() + " is not a finite non-zero vector");
            }
            if (!Double.isFinite(rot.totalAngleRad())) {
                throw fail("scan rotation angle " + rot.totalAngleRad() + " rad is not finite");
            }
        }
        imaging(spec.imaging(), spec.pixelSizeNm());
    }

    static void imaging(Imaging im, double ps) {
        if (im == null) {
            throw fail("imaging is null");
        }
        pixelSize(ps);
        sigma("probe sigma", im.probeSigmaNm(), ps);
        if (!(im.dose() > 0 && Double.isFinite(im.dose()))) {
            throw fail("dose " + im.dose() + " must be positive and finite");
        }
        if (im.dose() > MAX_DOSE) {
            throw fail("dose " + im.dose() + " > max " + MAX_DOSE);
        }
        if (!(im.readNoiseSigma() >= 0 && Double.isFinite(im.readNoiseSigma()))) {
            throw fail("read noise sigma " + im.readNoiseSigma() + " must be >= 0 and finite");
        }
        if (!(im.scanJitterPx() >= 0 && im.scanJitterPx() <= MAX_SIGMA_PX)) {
            throw fail("scan jitter " + im.scanJitterPx() + " px is not in [0, " + MAX_SIGMA_PX + "]");
        }
        CarbonFilm film = im.carbon();
        if (film != null) {
            if (!(film.meanThicknessNm() >= 0 && Double.isFinite(film.meanThicknessNm()))) {
                throw fail("carbon mean thickness " + film.meanThicknessNm() + " nm must be >= 0 and finite");
            }
            if (!(film.rms() >= 0 && Double.isFinite(film.rms()))) {
                throw fail("carbon rms " + film.rms() + " must be >= 0 and finite");
            }
            sigma("carbon correlation length", film.correlationLengthNm(), ps);
        }
    }

    private static void pixelSize(double ps) {
        if (!(ps > 0 && Double.isFinite(ps))) {
            throw fail("pixel size " + ps + " nm is not a positive finite number");
        }
    }

    private static void sigma(String what, double nm, double ps) {
        if (!(nm >= 0 && Double.isFinite(nm))) {
            throw fail(what + " " + nm + " nm must be >= 0 and finite");
        }
        double px = nm / ps;
        if (px > MAX_SIGMA_PX) {
            throw fail(what + " " + nm + " nm = " + px + " px > max " + MAX_SIGMA_PX + " px (kernel radius "
                    + GaussianKernel.radius(px) + " px)");
        }
    }

    private static void size(String what, int n) {
        if (n < MIN_SIZE) {
            throw fail("image " + what + " " + n + " < min " + MIN_SIZE);
        }
        if (n > MAX_SIZE) {
            throw fail("image " + what + " " + n + " > max " + MAX_SIZE);
        }
    }

    private static void particle(Particle p) {
        if (p instanceof Cuboid c) {
            if (!(c.a() > 0 && c.b() > 0 && c.c() > 0 && Double.isFinite(c.a() + c.b() + c.c()))) {
                throw fail("cuboid edges (a, b, c) = (" + c.a() + ", " + c.b() + ", " + c.c()
                        + ") nm must be positive and finite");
            }
            for (int i = 0; i < Cuboid.CORNERS; i++) {
                double f = c.cutDepth(i);
                if (!(f == 0 || (f > 0 && f < 0.5))) {
                    throw fail("cut depth " + f + " at corner " + i + " is not 0 or in (0, 0.5)");
                }
            }
        } else if (p instanceof Pyramid py) {
            for (Vec3 v : py.vertices()) {
                if (v == null || !v.isFinite()) {
                    throw fail("pyramid vertex " + v + " is not finite");
                }
            }
            double r = py.boundingRadius();
            if (!(py.volume() > 1e-6 * r * r * r)) {
                throw fail("pyramid volume " + py.volume() + " nm^3 is degenerate (bounding radius " + r + " nm)");
            }
        } else if (p instanceof Sphere s && !(s.radius() > 0 && Double.isFinite(s.radius()))) {
            throw fail("sphere radius " + s.radius() + " nm must be positive and finite");
        }
    }

    /** Conservative, orientation-independent: the bounding sphere must lie inside the field of view. */
    private static void fits(SimulationSpec spec) {
        double r = spec.particle().boundingRadius();
        double halfW = spec.width() * spec.pixelSizeNm() / 2;
        double halfH = spec.height() * spec.pixelSizeNm() / 2;
        double ox = Math.abs(spec.offsetXNm());
        double oy = Math.abs(spec.offsetYNm());
        if (r + ox > halfW) {
            throw fail("particle bounding radius " + r + " nm + |offset x| " + ox + " nm > half field of view "
                    + halfW + " nm (" + spec.width() + " px x " + spec.pixelSizeNm() + " nm / 2)");
        }
        if (r + oy > halfH) {
            throw fail("particle bounding radius " + r + " nm + |offset y| " + oy + " nm > half field of view "
                    + halfH + " nm (" + spec.height() + " px x " + spec.pixelSizeNm() + " nm / 2)");
        }
    }

    private static InvalidSpecException fail(String message) {
        return new InvalidSpecException(message);
    }
}
