package org.stemstream.simulator;

/**
 * Rotation of the particle during the raster scan: scan line j (or pixel (i, j) when
 * {@code perPixel}) is imaged at time t = j / H (resp. (j + i / W) / H) of the frame and sees the
 * orientation q_t = r(axis, totalAngleRad * t) * q_0, where q_0 is the request's orientation and
 * r a rotation about the lab-frame {@code axis}. Equivalent to slerp from q_0 to
 * r(axis, totalAngleRad) * q_0 for angles below pi.
 */
public record ScanRotation(Vec3 axis, double totalAngleRad, boolean perPixel) {

    /** The orientation at time {@code t} in [0, 1) of the frame. */
    public Quaternion orientationAt(Quaternion start, double t) {
        return Quaternion.fromAxisAngle(axis, totalAngleRad * t).multiply(start);
    }
}
