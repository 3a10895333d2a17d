package org.stemstream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.schemas.avro.CuboidShape;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.avro.SphereShape;
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

    @Test
    void fileCampaignsReadCsvAndJsonLinesOverTheScenarioDefaults(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("plan.jsonl");
        Files.writeString(jsonl, "{\"shape\":\"cuboid\",\"a\":10,\"b\":11,\"c\":12,\"corners\":\"0:0.25;7:0.3\",\"qw\":1,\"qx\":0,\"qy\":0,\"qz\":0}\n"
                + "{\"shape\":\"sphere\",\"radius\":5,\"views\":2,\"objectId\":\"ball\"}\n");
        List<SimulationRequest> fromJson = new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1).requests(Instant.EPOCH).toList();
        assertThat(fromJson).hasSize(3);
        CuboidShape cuboid = (CuboidShape) fromJson.get(0).getShape();
        assertThat(List.of(cuboid.getANm(), cuboid.getBNm(), cuboid.getCNm())).containsExactly(10.0, 11.0, 12.0);
        assertThat(cuboid.getDeformedCorners()).extracting(c -> c.getCorner()).containsExactly(0, 7);
        assertThat(fromJson.get(0).getWidthPx()).isEqualTo(128);
        assertThat(fromJson.get(1).getShape()).isEqualTo(new SphereShape(5.0));
        assertThat(fromJson.subList(1, 3)).allSatisfy(r -> assertThat(r.getObjectId()).isEqualTo("ball"));

        Path goodCsv = dir.resolve("good.csv");
        Files.writeString(goodCsv, "shape,a,b,c,corners\ncuboid,10,11,12,3:0.2\ncuboid,9,9,9,\n");
        List<SimulationRequest> fromCsv = new FileCampaign("f", goodCsv, Scenarios.named("seed-benchmark"), 1).requests(Instant.EPOCH).toList();
        assertThat(fromCsv).extracting(r -> ((CuboidShape) r.getShape()).getDeformedCorners().size()).containsExactly(1, 0);
    }

    @Test
    void aBadRowFailsTheFileWithItsLineNumber(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "shape,a,b,c\ncuboid,10,11,12\ncuboid,10,eleven,12\n");
        assertThatThrownBy(() -> new FileCampaign("f", csv, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 3").hasMessageContaining("eleven");
        Path huge = dir.resolve("huge.jsonl");
        Files.writeString(huge, "{\"shape\":\"sphere\",\"radius\":500}\n");
        assertThatThrownBy(() -> new FileCampaign("f", huge, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 1");
    }

    @Test
    void everyRowIsCheckedBeforeAnythingIsSentViewsIncludedWithTheFilesLineNumber(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("views.jsonl");
        Files.writeString(jsonl, "{\"views\":2}\n\n{\"views\":3}\n{\"views\":0}\n");
        assertThatThrownBy(() -> new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 4").hasMessageContaining("0");
        Files.writeString(jsonl, "{\"views\":2}\n{\"views\":0.5}\n");
        assertThatThrownBy(() -> new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 2").hasMessageContaining("whole number");
        Files.writeString(jsonl, "{\"views\":2}\n\n{\"views\": 2,\n");
        assertThatThrownBy(() -> new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining(jsonl + " line 3").hasMessageContaining("not a JSON object");
    }

    @Test
    void seedsAreExactBlankCellsKeepTheScenariosValueAndAByteOrderMarkIsIgnored(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("seeds.jsonl");
        Files.writeString(jsonl, "\uFEFF{\"seed\":1234567890123456789}\n{\"seed\":1234567890123456788}\n");
        List<SimulationRequest> fromJson = new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1).requests(Instant.EPOCH).toList();
        assertThat(fromJson).extracting(SimulationRequest::getSeed).containsExactly(1234567890123456789L, 1234567890123456788L);

        Path csv = dir.resolve("blanks.csv");
        Files.writeString(csv, "seed,objectId,views\n,,\n\n42,p-1,2\n");
        FileCampaign campaign = new FileCampaign("f", csv, Scenarios.named("seed-benchmark"), 1);
        List<SimulationRequest> fromCsv = campaign.requests(Instant.EPOCH).toList();
        assertThat(fromCsv).as("the all-blank row and the blank line are skipped").hasSize(2);
        assertThat(fromCsv).extracting(SimulationRequest::getObjectId).containsOnly("p-1");
        assertThat(fromCsv.get(0).getSeed()).isEqualTo(42L);

        Path oneBlank = dir.resolve("one-blank.csv");
        Files.writeString(oneBlank, "seed,dose\n,20\n");
        SimulationRequest r = new FileCampaign("f", oneBlank, Scenarios.named("seed-benchmark"), 1).requests(Instant.EPOCH).findFirst().orElseThrow();
        assertThat(r.getObjectId()).isEqualTo("f-p0");
        assertThat(r.getImaging().getDose()).isEqualTo(20.0);
        Path badSeed = dir.resolve("bad-seed.csv");
        Files.writeString(badSeed, "seed\n1\n2.5\n");
        assertThatThrownBy(() -> new FileCampaign("f", badSeed, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 3").hasMessageContaining("seed must be a whole number");
    }
}
