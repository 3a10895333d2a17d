package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CuboidTest {

    @Test
    void cornerNumberingFollowsTheBits() {
        Cuboid c = Cuboid.of(2, 4, 6);
        assertThat(c.corner(0)).isEqualTo(new Vec3(-1, -2, -3));
        assertThat(c.corner(1)).isEqualTo(new Vec3(1, -2, -3));
        assertThat(c.corner(2)).isEqualTo(new Vec3(-1, 2, -3));
        assertThat(c.corner(4)).isEqualTo(new Vec3(-1, -2, 3));
        assertThat(c.corner(7)).isEqualTo(new Vec3(1, 2, 3));
    }

    @Test
    void eachCutRemovesATetrahedronOfCutLengthCubedOverSix() {
        Cuboid c = new Cuboid(10, 12, 14, new double[] {0.2, 0, 0, 0.3, 0, 0, 0, 0.25});
        // cut lengths are f x shortest edge (10): 2, 3, 2.5
        double expected = 10 * 12 * 14 - (8 + 27 + 15.625) / 6;
        assertThat(c.volume()).isCloseTo(expected, within(1e-9));
        assertThat(c.cutLength(3)).isCloseTo(3.0, within(1e-12));
        assertThat(c.shortestEdge()).isEqualTo(10.0);
    }

    @Test
    void boundingRadiusIsHalfTheDiagonal() {
        assertThat(Cuboid.of(2, 3, 6).boundingRadius()).isEqualTo(3.5);
    }

    @Test
    void cutDepthsAreCopiedInAndOut() {
        double[] cuts = new double[8];
        Cuboid c = new Cuboid(1, 1, 1, cuts);
        cuts[0] = 0.3;
        assertThat(c.cutDepth(0)).isZero();
        c.cutDepths()[1] = 0.3;
        assertThat(c.cutDepth(1)).isZero();
        assertThat(c.withCut(5, 0.2).cutDepth(5)).isEqualTo(0.2);
        assertThat(c).isEqualTo(Cuboid.cube(1)).hasSameHashCodeAs(Cuboid.cube(1));
        assertThat(c.withCut(5, 0.2)).isNotEqualTo(c);
    }

    @Test
    void cutArrayMustHaveOneValuePerCorner() {
        assertThatThrownBy(() -> new Cuboid(1, 1, 1, new double[5])).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("length 5").hasMessageContaining("expected 8");
        assertThatThrownBy(() -> new Cuboid(1, 1, 1, null)).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void aCutNamesACornerIndex() {
        assertThatThrownBy(() -> Cuboid.cube(10).withCut(9, 0.3)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("corner 9 is not a corner index 0..7");
        assertThatThrownBy(() -> Cuboid.cube(10).withCut(-1, 0.3)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("corner -1");
    }
}
