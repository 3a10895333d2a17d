package org.stemstream.simulator;

import org.stemstream.simulator.noise.GaussianKernel;

/** The checks behind {@link Simulator#validate}: every message carries the offending numbers. */
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
        require(spec != null, "simulation spec is null");
        require(spec.particle() != null, "particle is null");
        require(spec.orientation() != null, "orientation is null");
        require(spec.imaging() != null, "imaging is null");
        size("width", spec.width());
        size("height", spec.height());
        double ps = spec.pixelSizeNm();
        require(ps > 0 && Double.isFinite(ps), "pixel size " + ps + " nm is not a positive finite number");
        require(Double.isFinite(spec.offsetXNm()) && Double.isFinite(spec.offsetYNm()),
                "offset (x, y) = (" + spec.offsetXNm() + ", " + spec.offsetYNm() + ") nm is not finite");
        double z = spec.atomicNumber();
        require(z > 0 && z <= MAX_ATOMIC_NUMBER, "atomic number " + z + " is not in (0, " + MAX_ATOMIC_NUMBER + "]");
        particle(spec.particle());
        fits(spec);
        ScanRotation rot = spec.scanRotation();
        if (rot != null) {
            require(rot.axis() != null && rot.axis().isFinite() && rot.axis().norm() > 0,
                    "scan rotation axis " + (rot.axis() == null ? null : rot.axis()) + " is not a finite non-zero vector");
            require(Double.isFinite(rot.totalAngleRad()),
                    "scan rotation angle " + rot.totalAngleRad() + " rad is not finite");
        }
        imaging(spec.imaging(), ps);
    }

    static void imaging(Imaging im, double ps) {
        require(im != null, "imaging is null");
        require(ps > 0 && Double.isFinite(ps), "pixel size " + ps + " nm is not a positive finite number");
        sigma("probe sigma", im.probeSigmaNm(), ps);
        require(im.dose() > 0 && Double.isFinite(im.dose()), "dose " + im.dose() + " must be positive and finite");
        require(im.dose() <= MAX_DOSE, "dose " + im.dose() + " > max " + MAX_DOSE);
        require(im.readNoiseSigma() >= 0 && Double.isFinite(im.readNoiseSigma()),
                "read noise sigma " + im.readNoiseSigma() + " must be >= 0 and finite");
        require(im.scanJitterPx() >= 0 && im.scanJitterPx() <= MAX_SIGMA_PX,
                "scan jitter " + im.scanJitterPx() + " px is not in [0, " + MAX_SIGMA_PX + "]");
        CarbonFilm film = im.carbon();
        if (film != null) {
            require(film.meanThicknessNm() >= 0 && Double.isFinite(film.meanThicknessNm()),
                    "carbon mean thickness " + film.meanThicknessNm() + " nm must be >= 0 and finite");
            require(film.rms() >= 0 && Double.isFinite(film.rms()),
                    "carbon rms " + film.rms() + " must be >= 0 and finite");
            sigma("carbon correlation length", film.correlationLengthNm(), ps);
        }
    }

    private static void sigma(String what, double nm, double ps) {
        require(nm >= 0 && Double.isFinite(nm), what + " " + nm + " nm must be >= 0 and finite");
        double px = nm / ps;
        require(px <= MAX_SIGMA_PX, what + " " + nm + " nm = " + px + " px > max " + MAX_SIGMA_PX + " px (kernel radius "
                + GaussianKernel.radius(px) + " px)");
    }

    private static void size(String what, int n) {
        require(n >= MIN_SIZE, "image " + what + " " + n + " < min " + MIN_SIZE);
        require(n <= MAX_SIZE, "image " + what + " " + n + " > max " + MAX_SIZE);
    }

    private static void particle(Particle p) {
        if (p instanceof Cuboid c) {
            require(c.a() > 0 && c.b() > 0 && c.c() > 0 && Double.isFinite(c.a() + c.b() + c.c()),
                    "cuboid edges (a, b, c) = (" + c.a() + ", " + c.b() + ", " + c.c()
                            + ") nm must be positive and finite");
            for (int i = 0; i < Cuboid.CORNERS; i++) {
                double f = c.cutDepth(i);
                require(f == 0 || (f > 0 && f < 0.5), "cut depth " + f + " at corner " + i + " is not 0 or in (0, 0.5)");
            }
        } else if (p instanceof Pyramid py) {
            for (Vec3 v : py.vertices()) {
                require(v != null && v.isFinite(), "pyramid vertex " + v + " is not finite");
            }
            double r = py.boundingRadius();
            require(py.volume() > 1e-6 * r * r * r,
                    "pyramid volume " + py.volume() + " nm^3 is degenerate (bounding radius " + r + " nm)");
        } else if (p instanceof Sphere s) {
            require(s.radius() > 0 && Double.isFinite(s.radius()),
                    "sphere radius " + s.radius() + " nm must be positive and finite");
        }
    }

    /** Conservative, orientation-independent: the bounding sphere must lie inside the field of view. */
    private static void fits(SimulationSpec spec) {
        double r = spec.particle().boundingRadius();
        double halfW = spec.width() * spec.pixelSizeNm() / 2;
        double halfH = spec.height() * spec.pixelSizeNm() / 2;
        double ox = Math.abs(spec.offsetXNm());
        double oy = Math.abs(spec.offsetYNm());
        require(r + ox <= halfW, "particle bounding radius " + r + " nm + |offset x| " + ox + " nm > half field of view "
                + halfW + " nm (" + spec.width() + " px x " + spec.pixelSizeNm() + " nm / 2)");
        require(r + oy <= halfH, "particle bounding radius " + r + " nm + |offset y| " + oy + " nm > half field of view "
                + halfH + " nm (" + spec.height() + " px x " + spec.pixelSizeNm() + " nm / 2)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidSpecException(message);
        }
    }
}
