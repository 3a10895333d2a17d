package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.Quaternion;
import org.stemstream.schemas.avro.ShapeKind;
import org.stemstream.schemas.avro.TaskPrediction;

class FuseFunctionTest {
    static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");
    private final FuseFunction fuse = new FuseFunction(1e-6);

    static TaskPrediction t2(double p0, double p1) {
        return new TaskPrediction("T2", List.of("0", "1"), List.of(p0, p1), p0 >= p1 ? "0" : "1");
    }

    static Classification view(String objectId, int index, int expected, String model, TaskPrediction... predictions) {
        return Classification.newBuilder().setImageId(objectId + "-v" + index).setObjectId(objectId).setCampaignId("c")
                .setModelName(model).setModelVersion("1").setPredictions(List.of(predictions)).setLatencyMs(1)
                .setViewIndex(index).setViewsExpected(expected).build();
    }

    private static double p(ObjectClassification o, String task, int k) {
        return o.getPredictions().stream().filter(t -> t.getTask().equals(task)).findFirst().orElseThrow().getProbabilities().get(k);
    }

    @Test
    void twoViewsMultiplyTheirProbabilities() {
        // 0.6 x 0.3 = 0.18 against 0.4 x 0.7 = 0.28: class 1 wins with 0.28 / 0.46
        ObjectClassification o = fuse.fuse(List.of(view("a", 0, 2, "m", t2(0.6, 0.4)), view("a", 1, 2, "m", t2(0.3, 0.7))), AT);
        assertThat(p(o, "T2", 0)).isCloseTo(0.18 / 0.46, within(1e-9));
        assertThat(p(o, "T2", 1)).isCloseTo(0.28 / 0.46, within(1e-9));
        assertThat(p(o, "T2", 1)).isCloseTo(0.609, within(5e-4));
        assertThat(o.getPredictions().get(0).getPredicted()).isEqualTo("1");
        assertThat(o.getMethod()).isEqualTo(FuseFunction.METHOD);
        assertThat(o.getViewsUsed()).isEqualTo(2);
        assertThat(o.getComplete()).isTrue();
        assertThat(o.getImageIds()).containsExactly("a-v0", "a-v1");
        assertThat(o.getFusedAt()).isEqualTo(AT);
    }

    @Test
    void incrementalFusionEqualsFusingAllViewsInAnyOrder() {
        Classification a = view("a", 0, 3, "m", t2(0.9, 0.1));
        Classification b = view("a", 1, 3, "m", t2(0.2, 0.8));
        Classification c = view("a", 2, 3, "m", t2(0.55, 0.45));
        ObjectClassification all = fuse.fuse(List.of(a, b, c), AT);
        ObjectClassification reversed = fuse.fuse(List.of(c, b, a), AT);
        assertThat(p(all, "T2", 0)).isCloseTo(p(reversed, "T2", 0), within(1e-12));
        double expected = 0.9 * 0.2 * 0.55 / (0.9 * 0.2 * 0.55 + 0.1 * 0.8 * 0.45);
        assertThat(p(all, "T2", 0)).isCloseTo(expected, within(1e-12));
        assertThat(fuse.start(a, AT).getComplete()).isFalse();
    }

    @Test
    void aZeroProbabilityIsFlooredSoOneViewCannotVetoAClass() {
        ObjectClassification o = fuse.fuse(List.of(view("a", 0, 2, "m", t2(0.0, 1.0)), view("a", 1, 2, "m", t2(1.0, 0.0))), AT);
        assertThat(p(o, "T2", 0)).isCloseTo(0.5, within(1e-9));
        assertThat(p(o, "T2", 0) + p(o, "T2", 1)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aClassOutvotedByManyViewsCanStillWinLater() {
        // Each view moves the log ratio by ln(1e6) = 13.8; 60 views against class 1 would take it
        // below e^-745, where a double is 0, and 0 could never come back.
        Classification against = view("a", 0, 1000, "m", t2(1.0, 0.0));
        ObjectClassification o = fuse.start(against, AT);
        for (int i = 1; i < 60; i++) {
            o = fuse.add(o, view("a", i, 1000, "m", t2(1.0, 0.0)), AT);
        }
        assertThat(p(o, "T2", 1)).isPositive().isLessThan(1e-300);
        for (int i = 60; i < 130; i++) {
            o = fuse.add(o, view("a", i, 1000, "m", t2(0.0, 1.0)), AT);
        }
        assertThat(o.getPredictions().get(0).getPredicted()).isEqualTo("1");
        assertThat(p(o, "T2", 1)).isGreaterThan(0.999);
    }

    @Test
    void tasksAreMatchedByNameAndDifferentModelsAreJoined() {
        GroundTruth truth = GroundTruth.newBuilder().setShape(ShapeKind.CUBOID).setDeformedCount(1).setDeformedCorners(List.of(5))
                .setOrientation(new Quaternion(1.0, 0.0, 0.0, 0.0)).build();
        Classification first = view("a", 0, 2, "cnn", t2(0.6, 0.4));
        Classification second = Classification.newBuilder(view("a", 1, 2, "vit", new TaskPrediction("T1", List.of("no", "yes"), List.of(0.2, 0.8), "yes"), t2(0.3, 0.7)))
                .setModelVersion("2").setTruth(truth).build();
        ObjectClassification o = fuse.fuse(List.of(first, second), AT);
        assertThat(o.getModelName()).isEqualTo("cnn+vit");
        assertThat(o.getModelVersion()).isEqualTo("1+2");
        assertThat(o.getTruth()).isEqualTo(truth);
        assertThat(p(o, "T1", 1)).isCloseTo(0.8, within(1e-9)); // T1 only in the second view
        assertThat(p(o, "T2", 1)).isCloseTo(0.28 / 0.46, within(1e-9));
    }

    @Test
    void malformedViewsAreRejectedWithTheNumbers() {
        assertThatThrownBy(() -> fuse.start(view("a", 0, 1, "m", new TaskPrediction("T2", List.of("0", "1"), List.of(1.0), "0")), AT))
                .hasMessageContaining("2 classes and 1 probabilities");
        assertThatThrownBy(() -> fuse.start(view("a", 0, 1, "m", t2(Double.NaN, 0.5)), AT)).hasMessageContaining("NaN");
        ObjectClassification a = fuse.start(view("a", 0, 2, "m", t2(0.5, 0.5)), AT);
        assertThatThrownBy(() -> fuse.add(a, view("a", 1, 2, "m", new TaskPrediction("T2", List.of("1", "0"), List.of(0.5, 0.5), "0")), AT))
                .hasMessageContaining("classes [1, 0], earlier views [0, 1]");
        assertThatThrownBy(() -> fuse.add(a, view("b", 1, 2, "m", t2(0.5, 0.5)), AT)).hasMessageContaining("cannot join object a");
    }
}
