package org.stemstream.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.Quaternion;
import org.stemstream.schemas.avro.ShapeKind;
import org.stemstream.schemas.avro.TaskPrediction;

class RunningSummaryTest {
    private static Classification result(String requestId, int trueCount, String predictedCount) {
        GroundTruth truth = trueCount < 0 ? null : new GroundTruth(ShapeKind.CUBOID, trueCount, List.of(), null, new Quaternion(1.0, 0.0, 0.0, 0.0), 0.0);
        return Classification.newBuilder().setImageId(requestId).setRequestId(requestId).setObjectId("o").setCampaignId("c")
                .setModelName("m").setModelVersion("1").setLatencyMs(1)
                .setPredictions(List.of(
                        new TaskPrediction("T1", List.of("not-deformed", "deformed"), List.of(0.5, 0.5), predictedCount.equals("0") ? "not-deformed" : "deformed"),
                        new TaskPrediction("T2", List.of(), List.of(), predictedCount)))
                .setTruth(truth).build();
    }

    @Test
    void accuracyPerTaskCountsOnlyResultsWithTruthAndDuplicatesShowUp() {
        RunningSummary s = new RunningSummary();
        s.add(result("r1", 0, "0"), 1_000);   // T1 right, T2 right
        s.add(result("r2", 3, "2"), 1_500);   // T1 right, T2 wrong
        s.add(result("r3", 0, "4"), 1_200);   // T1 wrong, T2 wrong
        s.add(result("r4", 5, "5"), 2_000);   // T1 right, T2 right
        s.add(result("r5", -1, "5"), 2_500);  // no truth: counted, not scored
        s.add(result("r4", 5, "5"), 3_000);   // a duplicate of r4

        RunningSummary.Snapshot snap = s.snapshot();
        assertThat(snap.classifications()).isEqualTo(6);
        assertThat(snap.distinctRequests()).isEqualTo(5);
        assertThat(snap.accuracy()).containsEntry("T1", 4 / 5.0).containsEntry("T2", 3 / 5.0);
        assertThat(snap.scored()).as("the truth-less r5 is not scored").containsEntry("T1", 5L).containsEntry("T2", 5L);
        assertThat(snap.firstMillis()).isEqualTo(1_000);
        assertThat(snap.lastMillis()).isEqualTo(3_000);
        assertThat(snap.model()).isEqualTo("m v1");
    }
}
