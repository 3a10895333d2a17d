package org.stemstream.simulator.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

class PolytopeTracerTest {

    /** physics.md's formula, one ray at a time, in double precision. */
    private static double chord(ConvexPolytope body, Quaternion q, double x, double y) {
        double tMin = Double.NEGATIVE_INFINITY;
        double tMax = Double.POSITIVE_INFINITY;
        for (int k = 0; k < body.size(); k++) {
            Vec3 n = q.rotate(body.normal(k));
            double rhs = body.offset(k) - n.x() * x - n.y() * y;
            if (n.z() > 0) {
                tMax = Math.min(tMax, rhs / n.z());
            } else if (n.z() < 0) {
                tMin = Math.max(tMin, rhs / n.z());
            } else if (rhs < 0) {
                return 0;
            }
        }
        return Math.max(0, tMax - tMin);
    }

    @Test
    void rowsMatchThePerRayFormulaAtRandomOrientations() {
        SplittableRandom rnd = new SplittableRandom(5);
        RaySamples xs = RaySamples.of(-12.5, 0.125, 200);
        ConvexPolytope[] bodies = {
            ConvexPolytope.of(Cuboid.of(9, 11, 13).withCut(1, 0.3).withCut(4, 0.45).withCut(7, 0.2)),
            ConvexPolytope.of(Pyramid.of(14, 9))
        };
        for (ConvexPolytope body : bodies) {
            PolytopeTracer tracer = new PolytopeTracer(body);
            for (int trial = 0; trial < 20; trial++) {
                Quaternion q = Quaternion.random(rnd);
                tracer.orient(q);
                for (double y = -9; y <= 9; y += 0.7) {
                    double[] acc = new double[xs.size()];
                    tracer.addRow(y, xs, 0, xs.size(), acc);
                    for (int k = 0; k < xs.size(); k++) {
                        assertThat(acc[k]).isCloseTo(chord(body, q, xs.x(k), y), within(1e-9));
                    }
                }
            }
        }
    }

    @Test
    void axisAlignedFacesParallelToTheBeamBoundTheRow() {
        ConvexPolytope cube = ConvexPolytope.of(Cuboid.cube(4));
        PolytopeTracer tracer = new PolytopeTracer(cube);
        RaySamples xs = RaySamples.of(-3.5, 1, 8); // -3.5 .. 3.5; the faces are at +-2
        double[] acc = new double[8];
        tracer.addRow(0.5, xs, 0, 8, acc);
        assertThat(acc).containsExactly(0.0, 0.0, 4.0, 4.0, 4.0, 4.0, 0.0, 0.0);
        tracer.addRow(2.5, xs, 0, 8, acc); // outside the face y = 2
        assertThat(acc).containsExactly(0.0, 0.0, 4.0, 4.0, 4.0, 4.0, 0.0, 0.0);
    }

    @Test
    void onlyTheRequestedRangeIsTouched() {
        PolytopeTracer tracer = new PolytopeTracer(ConvexPolytope.of(Cuboid.cube(4)));
        double[] acc = new double[5];
        tracer.addRow(0, RaySamples.of(-1, 0.5, 5), 1, 3, acc);
        assertThat(acc).containsExactly(0.0, 4.0, 4.0, 0.0, 0.0);
    }

    @Test
    void envelopeWalkFindsTheLowestLineEverywhere() {
        PolytopeTracer.Envelope env = new PolytopeTracer.Envelope(4);
        double[] a = {0, 1, 5, -10};
        double[] b = {0, 1, -1, 0};   // the last line is parallel to the first and always below it
        env.prepare(b, 4);
        env.walk(a, b, 4);
        // -inf..-11: line 1 (slope 1); -11..15: line 3 (-10); 15..: line 2 (slope -1)
        assertThat(env.count).isEqualTo(3);
        assertThat(env.line).startsWith(1, 3, 2);
        assertThat(env.start[1]).isEqualTo(-11.0);
        assertThat(env.start[2]).isEqualTo(15.0);
    }
}
