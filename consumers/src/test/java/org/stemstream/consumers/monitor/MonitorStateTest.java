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
}
