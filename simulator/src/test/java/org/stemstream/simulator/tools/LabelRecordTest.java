package org.stemstream.simulator.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Arrangement;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Sphere;
import org.stemstream.simulator.TestSpecs;

class LabelRecordTest {

    @Test
    void carriesLabelsGeometryAndProvenance() {
        Cuboid c = Cuboid.cube(10).withCut(1, 0.3).withCut(7, 0.25);
        Map<String, Object> m = LabelRecord.of(4, "x", TestSpecs.of(c), List.of(), Map.of("png", "a.png"));
        assertThat(m).containsEntry("index", 4).containsEntry("png", "a.png").containsEntry("shape", "cuboid")
                .containsEntry("deformedCount", 2).containsEntry("corners", List.of(1, 7))
                .containsEntry("arrangement", Arrangement.FACE_DIAGONAL).containsEntry("scanRotation", null);
        assertThat(LabelRecord.dims(new Sphere(3))).containsEntry("radius", 3.0);
        assertThat(LabelRecord.of(0, "x", TestSpecs.of(new Sphere(3)), List.of(), Map.of()))
                .containsEntry("arrangement", null).containsEntry("deformedCount", 0);
    }
}
