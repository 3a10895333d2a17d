package org.stemstream.simulator;

import java.util.SplittableRandom;

/**
 * A rotation as a unit quaternion {@code w + xi + yj + zk}. An orientation q maps body coordinates
 * to lab coordinates: {@code x_lab = q x_body q*}.
 *
 * <p>Every instance is a unit quaternion: the constructor rejects non-finite values and a zero
 * norm, and normalises anything else, however small or large its components (inputs already unit to 1e-12 keep their exact bits, so that
 * composing with the identity changes nothing). Transcendental functions use {@link StrictMath} so
 * that results are bit-identical on every machine.
 */
public record Quaternion(double w, double x, double y, double z) {

    private static final double UNIT_TOLERANCE = 1e-12;

    public Quaternion {
        if (!(Double.isFinite(w) && Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z))) {
            throw new InvalidSpecException(describe(w, x, y, z) + " is not finite");
        }
        double n2 = w * w + x * x + y * y + z * z;
        if (!(n2 >= Double.MIN_NORMAL) || Double.isInfinite(n2)) {
            // the squares under- or overflowed (components near 1e-160 or 1e155): scale by the largest first
            double largest = Math.max(Math.max(Math.abs(w), Math.abs(x)), Math.max(Math.abs(y), Math.abs(z)));
            if (largest == 0) {
                throw new InvalidSpecException(describe(w, x, y, z) + " has zero norm");
            }
            w /= largest;
            x /= largest;
            y /= largest;
            z /= largest;
            n2 = w * w + x * x + y * y + z * z;
        }
        if (Math.abs(n2 - 1) > UNIT_TOLERANCE) {
            double n = Math.sqrt(n2);
            w /= n;
            x /= n;
            y /= n;
            z /= n;
        }
    }

    private static String describe(double w, double x, double y, double z) {
        return "quaternion (w, x, y, z) = (" + w + ", " + x + ", " + y + ", " + z + ")";
    }

    /** A unit quaternion from any finite, non-zero (w, x, y, z); the result is normalised. */
    public static Quaternion of(double w, double x, double y, double z) {
        return new Quaternion(w, x, y, z);
    }

    public static Quaternion identity() {
        return new Quaternion(1, 0, 0, 0);
    }

    /** The rotation by {@code angleRad} (right-handed) about {@code axis} (any non-zero length). */
    public static Quaternion fromAxisAngle(Vec3 axis, double angleRad) {
        if (!Double.isFinite(angleRad)) {
            throw new InvalidSpecException("rotation angle " + angleRad + " rad is not finite");
        }
        Vec3 u = axis.normalised();
        double s = StrictMath.sin(angleRad / 2);
        return new Quaternion(StrictMath.cos(angleRad / 2), u.x() * s, u.y() * s, u.z() * s);
    }

    /**
     * A uniformly distributed rotation (Shoemake 1992): from three uniforms u1, u2, u3,
     * q = (sqrt(1-u1) sin 2 pi u2, sqrt(1-u1) cos 2 pi u2, sqrt(u1) sin 2 pi u3, sqrt(u1) cos 2 pi u3).
     */
    public static Quaternion random(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        double u3 = rnd.nextDouble();
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        double t2 = 2 * Math.PI * u2;
        double t3 = 2 * Math.PI * u3;
        return new Quaternion(a * StrictMath.sin(t2), a * StrictMath.cos(t2),
                b * StrictMath.sin(t3), b * StrictMath.cos(t3));
    }

    /** The Hamilton product {@code this * o}: rotate by {@code o} first, then by {@code this}. */
    public Quaternion multiply(Quaternion o) {
        return new Quaternion(
                w * o.w - x * o.x - y * o.y - z * o.z,
                w * o.x + x * o.w + y * o.z - z * o.y,
                w * o.y - x * o.z + y * o.w + z * o.x,
                w * o.z + x * o.y - y * o.x + z * o.w);
    }

    public Quaternion conjugate() {
        return new Quaternion(w, -x, -y, -z);
    }

    /** {@code q v q*}, computed as v + 2w (u x v) + 2 u x (u x v) with u = (x, y, z). */
    public Vec3 rotate(Vec3 v) {
        double tx = 2 * (y * v.z() - z * v.y());
        double ty = 2 * (z * v.x() - x * v.z());
        double tz = 2 * (x * v.y() - y * v.x());
        return new Vec3(
                v.x() + w * tx + (y * tz - z * ty),
                v.y() + w * ty + (z * tx - x * tz),
                v.z() + w * tz + (x * ty - y * tx));
    }

    /** The rotation angle in [0, pi] (q and -q are the same rotation). */
    public double angle() {
        return 2 * StrictMath.acos(Math.min(1, Math.abs(w)));
    }

    /** Spherical linear interpolation along the shorter arc; t = 0 gives this, t = 1 gives {@code to}. */
    public Quaternion slerp(Quaternion to, double t) {
        double dot = w * to.w + x * to.x + y * to.y + z * to.z;
        double sign = dot < 0 ? -1 : 1;
        dot *= sign;
        double a;
        double b;
        if (dot > 0.9995) {
            a = 1 - t;
            b = t;
        } else {
            double theta = StrictMath.acos(dot);
            double sin = StrictMath.sin(theta);
            a = StrictMath.sin((1 - t) * theta) / sin;
            b = StrictMath.sin(t * theta) / sin;
        }
        b *= sign;
        return new Quaternion(a * w + b * to.w, a * x + b * to.x, a * y + b * to.y, a * z + b * to.z);
    }
}
