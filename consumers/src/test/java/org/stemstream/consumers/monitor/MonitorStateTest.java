package org.stemstream.consumers.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.TaskPrediction;

class MonitorStateTest {

    private static Classification classified(String imageId, int symmetries) {
        return Classification.newBuilder().setImageId(imageId).setObjectId(imageId).setCampaignId("c")
                .setModelName("stem-cnn").setModelVersion("4").setLatencyMs(1)
                .setPredictions(List.of(new TaskPrediction("T2", List.of("0", "1"), List.of(0.4, 0.6), "1")))
                .setSymmetries(symmetries).build();
    }

    @Test
    void resultsOfTestTimeAugmentationAreCountedApartFromSinglePassResultsOfTheSameModel() {
        MonitorState state = new MonitorState(0);
        state.add(classified("a", 1), 10, null);
        state.add(classified("b", 1), 20, null);
        state.add(classified("c", 8), 30, null);

        Map<String, Object> snapshot = state.snapshot(40);

        assertThat(snapshot.get("model")).isEqualTo("stem-cnn 4 (8 symmetries)");
        assertThat(snapshot.get("models")).isEqualTo(Map.of("stem-cnn 4", 2L, "stem-cnn 4 (8 symmetries)", 1L));
    }

    @Test
    void aModelWhoseClassesDifferStartsTheTasksFiguresAgainInsteadOfDroppingItsPredictions() {
        MonitorState state = new MonitorState(0);
        state.add(withTruth(classified("a", 1), 1), 10, null); // classes 0, 1: right
        Classification wider = Classification.newBuilder(withTruth(classified("b", 1), 2)).setModelVersion("5")
                .setPredictions(List.of(new TaskPrediction("T2", List.of("0", "1", "2"), List.of(0.1, 0.2, 0.7), "2"))).build();
        state.add(wider, 20, null);

        @SuppressWarnings("unchecked")
        Map<String, Object> t2 = (Map<String, Object>) ((Map<String, Object>) state.snapshot(30).get("tasks")).get("T2");
        assertThat(t2.get("classes")).isEqualTo(List.of("0", "1", "2"));
        assertThat(state.accuracy("T2", "sinceStart", 30)).as("the new model's one answer, right").isEqualTo(1.0);
    }

    /** An acquired stack's fused verdict has no truth: it is listed among the latest objects all the same, newest first. */
    @Test
    void fusedVerdictsAreListedWithOrWithoutTruth() {
        MonitorState state = new MonitorState(0);
        for (String id : new String[] {"tilt-1.tif", "tilt-2.tif"}) {
            state.addFused(ObjectClassification.newBuilder().setObjectId(id).setCampaignId("acq").setViewsExpected(5).setViewsUsed(3)
                    .setComplete(false).setModelName("stem-cnn").setModelVersion("7").setMethod("sum-log-probabilities")
                    .setPredictions(List.of(new TaskPrediction("T2", List.of("0", "1"), List.of(0.2, 0.8), "1")))
                    .setFusedAt(java.time.Instant.ofEpochMilli(10)).build(), 10);
        }

        state.addFused(ObjectClassification.newBuilder().setObjectId("single.tif").setCampaignId("acq").setViewsExpected(1).setViewsUsed(1)
                .setComplete(true).setModelName("stem-cnn").setModelVersion("7").setMethod("sum-log-probabilities")
                .setPredictions(List.of()).setFusedAt(java.time.Instant.ofEpochMilli(11)).build(), 11);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) state.snapshot(20).get("latestObjects");
        assertThat(objects).as("a single view is listed as an image, not here").extracting(o -> o.get("objectId"))
                .containsExactly("tilt-2.tif", "tilt-1.tif");
        assertThat(objects.get(0)).containsEntry("views", 3).containsEntry("viewsExpected", 5).containsEntry("complete", false)
                .containsEntry("predicted", "T2 1").containsEntry("truth", null);
        assertThat((Map<?, ?>) state.snapshot(20).get("fused")).as("no truth: no accuracy").isEmpty();
    }

    private static Classification withTruth(Classification c, int deformed) {
        return Classification.newBuilder(c).setTruth(new org.stemstream.schemas.avro.GroundTruth(org.stemstream.schemas.avro.ShapeKind.CUBOID,
                deformed, List.of(), null, new org.stemstream.schemas.avro.Quaternion(1.0, 0.0, 0.0, 0.0), 0.0)).build();
    }
}
