package org.stemstream.simulator.geometry;

import org.stemstream.simulator.Quaternion;

/** Chords of a sphere: 2 sqrt(r^2 - x^2 - y^2); orientation does not matter. */
final class SphereTracer implements ChordTracer {

    private final double radius;

    SphereTracer(double radius) {
        this.radius = radius;
    }

    @Override
    public void orient(Quaternion q) {
        // a sphere looks the same from every direction
    }

    @Override
    public void addRow(double y, RaySamples rays, int from, int to, double[] acc) {
        double h2 = radius * radius - y * y;
        if (h2 <= 0) {
            return;
        }
        double half = Math.sqrt(h2);
        int k0 = rays.lowerBound(-half, from, to);
        int k1 = rays.upperBound(half, k0, to);
        double[] xs = rays.values();
        for (int k = k0; k < k1; k++) {
            double x = xs[k];
            acc[k] += 2 * Math.sqrt(Math.max(0.0, h2 - x * x));
        }
    }
}
