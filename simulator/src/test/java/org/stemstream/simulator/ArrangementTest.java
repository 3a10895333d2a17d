package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrangementTest {

    @Test
    void popcountOfXorGivesTheClass() {
        assertThat(Arrangement.of(0, 4)).isEqualTo(Arrangement.EDGE);
        assertThat(Arrangement.of(3, 5)).isEqualTo(Arrangement.FACE_DIAGONAL);
        assertThat(Arrangement.of(7, 0)).isEqualTo(Arrangement.BODY_DIAGONAL);
    }

    @Test
    void aCubeHasTwelveEdgesTwelveFaceDiagonalsAndFourBodyDiagonals() {
        Map<Arrangement, Integer> counts = new EnumMap<>(Arrangement.class);
        for (int a = 0; a < 8; a++) {
            for (int b = a + 1; b < 8; b++) {
                Arrangement arr = Arrangement.of(a, b);
                counts.merge(arr, 1, Integer::sum);
                // the class matches the geometry: distance between unit-cube corners is sqrt(bits)
                Vec3 d = Cuboid.cube(1).corner(a).minus(Cuboid.cube(1).corner(b));
                assertThat(d.dot(d)).isEqualTo((double) arr.differingBits());
            }
        }
        assertThat(counts).containsEntry(Arrangement.EDGE, 12).containsEntry(Arrangement.FACE_DIAGONAL, 12)
                .containsEntry(Arrangement.BODY_DIAGONAL, 4);
    }

    @Test
    void rejectsEqualOrOutOfRangeCorners() {
        assertThatThrownBy(() -> Arrangement.of(3, 3)).hasMessageContaining("3 and 3");
        assertThatThrownBy(() -> Arrangement.of(0, 8)).hasMessageContaining("0 and 8");
    }
}
