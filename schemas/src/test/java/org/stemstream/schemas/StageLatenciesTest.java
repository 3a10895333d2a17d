package org.stemstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.StageTimestamp;

class StageLatenciesTest {
    private static StageTimestamp at(String stage, long millis) {
        return StageTimestamp.newBuilder().setStage(stage).setAtMillis(Instant.ofEpochMilli(millis)).build();
    }

    @Test
    void endToEndAndHopsComeFromConsecutiveStamps() {
        List<StageTimestamp> stamps = List.of(at("request", 1_000), at("simulator-worker", 1_040), at("noise", 1_140), at("classifier", 1_390));
        Map<String, Long> hops = new LinkedHashMap<>();
        StageLatencies.forEachHop(stamps, hops::put);
        assertThat(StageLatencies.endToEndMillis(stamps)).isEqualTo(390);
        assertThat(hops).containsExactly(Map.entry("simulator-worker", 40L), Map.entry("noise", 100L), Map.entry("classifier", 250L));
        assertThat(StageLatencies.endToEndMillis(stamps.subList(0, 1))).isEqualTo(-1);
    }
}
