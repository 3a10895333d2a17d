package org.stemstream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.simulator.Scenarios;

class CampaignTest {
    @Test
    void theSameSeedGivesTheSameRequestsAndAnotherSeedOthers() {
        List<SimulationRequest> a = new Campaign("c", Scenarios.named("seed-benchmark"), 20, 5).requests(Instant.EPOCH).toList();
        List<SimulationRequest> b = new Campaign("c", Scenarios.named("seed-benchmark"), 20, 5).requests(Instant.EPOCH).toList();
        List<SimulationRequest> c = new Campaign("c", Scenarios.named("seed-benchmark"), 20, 6).requests(Instant.EPOCH).toList();
        assertThat(a).isEqualTo(b);
        assertThat(a).extracting(SimulationRequest::getSeed).doesNotContainAnyElementsOf(c.stream().map(SimulationRequest::getSeed).toList());
        assertThat(a).extracting(SimulationRequest::getRequestId).doesNotHaveDuplicates();
        assertThat(a).extracting(SimulationRequest::getSeed).doesNotHaveDuplicates();
        assertThat(a).allSatisfy(r -> assertThat(r.getCampaignId()).isEqualTo("c"));
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThatThrownBy(() -> new Campaign("c", Scenarios.named("seed-benchmark"), -1, 5)).hasMessageContaining("-1");
    }
}
