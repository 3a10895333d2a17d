package org.stemstream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.schemas.avro.CuboidShape;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.Simulator;

class SimulatorWorkerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void rendersTheRequestWithItsTruthAndProvenance() {
        SimulationRequest r = new Campaign("c", Scenarios.named("seed-benchmark"), 1, 9).requests(Instant.EPOCH).findFirst().orElseThrow();
        StemImage image = SimulatorWorker.render(r, CLOCK);

        assertThat(image.getWidth()).isEqualTo(128);
        // boxed around the particle, losslessly: the decoded frame is the simulator's own projection
        assertThat(image.getEncoding()).isEqualTo(PixelEncoding.FLOAT32_BOX);
        assertThat(image.getPixels().remaining()).isLessThan(128 * 128 * 4 / 2);
        float[] px = Pixels.decode(image);
        assertThat(px).containsExactly(Simulator.project(RequestMapper.toSpec(r, Imaging.defaults())).pixels());
        double maxThickness = 0;
        for (float p : px) {
            maxThickness = Math.max(maxThickness, p);
        }
        // a cuboid with edges in [8, 14] nm is at most sqrt(3) x 14 = 24.2 nm thick, and at least 8 nm somewhere
        assertThat(maxThickness).isBetween(8.0, 24.3);
        assertThat(image.getTruth().getDeformedCount()).isEqualTo(((CuboidShape) r.getShape()).getDeformedCorners().size());
        assertThat(image.getRequestId()).isEqualTo(r.getRequestId());
        assertThat(image.getSimulatorVersion()).isNotBlank();
        assertThat(image.getTimestamps()).extracting(t -> t.getStage()).containsExactly("requested", SimulatorWorker.STAGE);
        assertThat(SimulatorWorker.render(r, CLOCK).getPixels()).isEqualTo(image.getPixels());
    }

    @Test
    void anInvalidRequestFailsWithItsNumbers() {
        SimulationRequest r = new Campaign("c", Scenarios.named("seed-benchmark"), 1, 9).requests(Instant.EPOCH).findFirst().orElseThrow();
        SimulationRequest huge = SimulationRequest.newBuilder(r).setWidthPx(70_000).build();
        assertThatThrownBy(() -> SimulatorWorker.render(huge, CLOCK)).hasMessageContaining("70000");
    }

    @Test
    void aBatchSizeOutsideItsRangeIsRejectedWithTheOption() {
        var kafka = new org.stemstream.schemas.KafkaConnection("localhost:9092", "mock://worker-test");
        assertThatThrownBy(() -> new SimulatorWorker.Config(kafka, 1, 0)).hasMessageContaining("--max-batch").hasMessageContaining("got 0");
        assertThat(new SimulatorWorker.Config(kafka, 1, SimulatorWorker.DEFAULT_MAX_BATCH).maxPollRecords()).isEqualTo(50);
    }
}
