package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Vec3Test {

    @Test
    void crossProductOfXAndYIsZ() {
        assertThat(Vec3.X.cross(Vec3.Y)).isEqualTo(Vec3.Z);
        assertThat(Vec3.Y.cross(Vec3.Z)).isEqualTo(Vec3.X);
    }

    @Test
    void dotNormAndArithmetic() {
        Vec3 v = new Vec3(3, 4, 12);
        assertThat(v.norm()).isEqualTo(13.0);
        assertThat(v.dot(new Vec3(1, 1, 1))).isEqualTo(19.0);
        assertThat(v.plus(Vec3.X).minus(Vec3.Y).scale(2)).isEqualTo(new Vec3(8, 6, 24));
        assertThat(v.normalised().norm()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void zeroVectorCannotBeNormalised() {
        assertThatThrownBy(() -> Vec3.ZERO.normalised()).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("norm 0.0");
    }
}
