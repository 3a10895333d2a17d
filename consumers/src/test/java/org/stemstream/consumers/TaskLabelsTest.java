package org.stemstream.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.Arrangement;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.Quaternion;
import org.stemstream.schemas.avro.ShapeKind;

class TaskLabelsTest {

    private static GroundTruth truth(ShapeKind shape, int k, Arrangement arrangement) {
        return GroundTruth.newBuilder().setShape(shape).setDeformedCount(k).setDeformedCorners(List.of())
                .setArrangement(arrangement).setOrientation(new Quaternion(1.0, 0.0, 0.0, 0.0)).build();
    }

    @Test
    void labelsAreTheModelsClassNamesWhereverTheTaskApplies() {
        GroundTruth twoOnADiagonal = truth(ShapeKind.CUBOID, 2, Arrangement.FACE_DIAGONAL);
        assertThat(TaskLabels.truthLabel("T1", twoOnADiagonal)).isEqualTo("deformed");
        assertThat(TaskLabels.truthLabel("T2", twoOnADiagonal)).isEqualTo("2");
        assertThat(TaskLabels.truthLabel("T3", twoOnADiagonal)).isEqualTo("face-diagonal");
        assertThat(TaskLabels.truthLabel("T4", twoOnADiagonal)).isEqualTo("cuboid");
        assertThat(TaskLabels.truthLabel("T1", truth(ShapeKind.CUBOID, 0, null))).isEqualTo("not-deformed");
        assertThat(TaskLabels.truthLabel("T3", truth(ShapeKind.CUBOID, 3, null))).as("T3 needs two cut corners").isNull();
        assertThat(TaskLabels.truthLabel("T2", truth(ShapeKind.SPHERE, 0, null))).as("deformations of cuboids only").isNull();
        assertThat(TaskLabels.truthLabel("T4", truth(ShapeKind.PYRAMID, 0, null))).isEqualTo("pyramid");
    }

    @Test
    void labelsDoNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "I".toLowerCase() is a dotless i there
            assertThat(TaskLabels.truthLabel("T4", truth(ShapeKind.PYRAMID, 0, null))).isEqualTo("pyramid");
            assertThat(TaskLabels.truthLabel("T3", truth(ShapeKind.CUBOID, 2, Arrangement.BODY_DIAGONAL))).isEqualTo("body-diagonal");
        } finally {
            Locale.setDefault(before);
        }
    }
}
