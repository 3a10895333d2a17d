package org.stemstream.simulator;

/**
 * A vector in nanometres (or a direction), in either the body or the lab frame.
 *
 * <p>Lab frame (see physics.md): x along image columns (left to right), y along image rows (top to
 * bottom, scan order), the beam travels along -z.
 */
public record Vec3(double x, double y, double z) {

    public static final Vec3 ZERO = new Vec3(0, 0, 0);
    public static final Vec3 X = new Vec3(1, 0, 0);
    public static final Vec3 Y = new Vec3(0, 1, 0);
    public static final Vec3 Z = new Vec3(0, 0, 1);

    public static Vec3 of(double x, double y, double z) {
        return new Vec3(x, y, z);
    }

    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    public Vec3 scale(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    public Vec3 cross(Vec3 o) {
        return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
    }

    public double norm() {
        return Math.sqrt(dot(this));
    }

    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z);
    }

    /** This vector scaled to unit length; fails on a zero or non-finite vector. */
    public Vec3 normalised() {
        double n = norm();
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new InvalidSpecException("vector " + this + " has norm " + n + ", cannot normalise");
        }
        return scale(1 / n);
    }
}
