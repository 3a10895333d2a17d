package org.stemstream.simulator.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Vec3;

class ConvexPolytopeTest {

    @Test
    void cuboidHasSixFacesPlusOnePlanePerCut() {
        Cuboid c = Cuboid.of(10, 12, 14).withCut(0, 0.3).withCut(6, 0.2);
        ConvexPolytope p = ConvexPolytope.of(c);
        assertThat(p.size()).isEqualTo(8);
        assertThat(p.contains(c.corner(7), 1e-9)).isTrue();
        assertThat(p.contains(c.corner(0), 1e-9)).isFalse();
        assertThat(p.contains(c.corner(6), 1e-9)).isFalse();
        // the cut plane of corner 0 passes through the points at L = 3 nm along its three edges
        Vec3 corner = c.corner(0);
        for (Vec3 edge : new Vec3[] {Vec3.X, Vec3.Y, Vec3.Z}) {
            Vec3 onPlane = corner.plus(edge.scale(3));
            assertThat(p.contains(onPlane, 1e-9)).isTrue();
            assertThat(p.contains(corner.plus(edge.scale(2.99)), 0)).isFalse();
        }
        // its outward normal is the corner's signs, normalised
        Vec3 n = p.normal(6);
        double s = 1 / Math.sqrt(3);
        assertThat(n.x()).isCloseTo(-s, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(n.y()).isCloseTo(-s, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(n.z()).isCloseTo(-s, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void tetrahedronFacesPointOutwards() {
        Pyramid t = Pyramid.regularTetrahedron(10);
        ConvexPolytope p = ConvexPolytope.of(t);
        assertThat(p.size()).isEqualTo(4);
        assertThat(p.contains(Vec3.ZERO, 0)).isTrue();
        for (Vec3 v : t.vertices()) {
            assertThat(p.contains(v, 1e-9)).isTrue();
            assertThat(p.contains(v.scale(1.01), 0)).isFalse();
        }
    }
}
