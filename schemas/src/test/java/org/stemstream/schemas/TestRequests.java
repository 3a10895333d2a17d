package org.stemstream.schemas;

import java.time.Instant;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.simulator.Scenarios;

/** Valid requests for tests, drawn from the seed-benchmark scenario. */
public final class TestRequests {
    private TestRequests() {
    }

    public static SimulationRequest seedBenchmark(long seed) {
        return RequestMapper.toRequest(Scenarios.named("seed-benchmark").sample(seed), "r" + seed, "p" + seed, "test", 0, 1, Instant.ofEpochMilli(1_000));
    }
}
