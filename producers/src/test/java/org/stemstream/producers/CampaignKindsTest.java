package org.stemstream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.CuboidShape;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.Vec3;

class CampaignKindsTest {
    private static Quaternion q(SimulationRequest r) {
        var o = r.getOrientation();
        return Quaternion.of(o.getW(), o.getX(), o.getY(), o.getZ());
    }

    @Test
    void kViewsShareTheObjectAndTheParticleButNotOrientationOrNoise() {
        List<SimulationRequest> rs = new Campaign("c", Scenarios.named("seed-benchmark"), 4, 1, new ViewPlan.Independent(5))
                .requests(Instant.EPOCH).toList();
        assertThat(rs).hasSize(20);
        Map<String, List<SimulationRequest>> byObject = rs.stream().collect(Collectors.groupingBy(SimulationRequest::getObjectId));
        assertThat(byObject).hasSize(4);
        byObject.values().forEach(views -> {
            assertThat(views).extracting(SimulationRequest::getViewIndex).containsExactly(0, 1, 2, 3, 4);
            assertThat(views).allSatisfy(v -> assertThat(v.getViewsExpected()).isEqualTo(5));
            assertThat(views).extracting(SimulationRequest::getShape).containsOnly(views.get(0).getShape());
            assertThat(views).extracting(SimulationRequest::getSeed).doesNotHaveDuplicates();
            assertThat(views).extracting(SimulationRequest::getOrientation).doesNotHaveDuplicates();
        });
        assertThat(rs).extracting(SimulationRequest::getRequestId).doesNotHaveDuplicates();
    }

    @Test
    void aTiltSeriesStepsTheOrientationByKnownAngles() {
        double step = Math.toRadians(15);
        List<SimulationRequest> views = new Campaign("t", Scenarios.named("seed-benchmark"), 1, 2,
                new ViewPlan.TiltSeries(4, new Vec3(0, 1, 0), step)).requests(Instant.EPOCH).toList();
        for (int i = 1; i < 4; i++) {
            // relative rotation between consecutive views: q_i q_{i-1}^* = r(y, 15 deg)
            Quaternion rel = q(views.get(i)).multiply(q(views.get(i - 1)).conjugate());
            assertThat(rel.angle()).isCloseTo(step, within(1e-9));
            Vec3 axis = new Vec3(rel.x(), rel.y(), rel.z());
            assertThat(Math.abs(axis.y()) / Math.sin(step / 2)).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void aGridGivesEachCountTheSameNumberOfParticles() {
        GridCampaign grid = new GridCampaign("g", Scenarios.named("seed-benchmark"), List.of(0, 2, 8), 4, 3, ViewPlan.single());
        List<SimulationRequest> rs = grid.requests(Instant.EPOCH).toList();
        assertThat(rs).hasSize((int) grid.size()).hasSize(12);
        Map<Integer, Long> perCount = rs.stream().collect(Collectors.groupingBy(
                r -> ((CuboidShape) r.getShape()).getDeformedCorners().size(), Collectors.counting()));
        assertThat(perCount).containsExactlyInAnyOrderEntriesOf(Map.of(0, 4L, 2, 4L, 8, 4L));
        assertThat(grid.requests(Instant.EPOCH).toList()).isEqualTo(rs);
        assertThatThrownBy(() -> new GridCampaign("g", Scenarios.named("seed-benchmark"), List.of(9), 1, 3, ViewPlan.single()))
                .hasMessageContaining("9");
        assertThatThrownBy(() -> new GridCampaign("g", Scenarios.named("seed-benchmark"), List.of(2, 2), 1, 3, ViewPlan.single()))
                .hasMessageContaining("repeat");
    }
}
