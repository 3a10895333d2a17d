package org.stemstream.consumers.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.Classification;
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

    private static Classification withTruth(Classification c, int deformed) {
        return Classification.newBuilder(c).setTruth(new org.stemstream.schemas.avro.GroundTruth(org.stemstream.schemas.avro.ShapeKind.CUBOID,
                deformed, List.of(), null, new org.stemstream.schemas.avro.Quaternion(1.0, 0.0, 0.0, 0.0), 0.0)).build();
    }
}
