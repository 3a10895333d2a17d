package org.stemstream.producers;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.simulator.Scenario;

/**
 * A random campaign: {@code count} requests drawn from a scenario. Request i's seed is the i-th
 * draw of a generator seeded with the campaign seed, so a campaign is reproducible and any of its
 * requests can be regenerated alone.
 */
public record Campaign(String campaignId, Scenario scenario, int count, long seed) {
    public Campaign {
        if (count < 0) {
            throw new IllegalArgumentException("request count must be >= 0, got " + count);
        }
        if (campaignId == null || campaignId.isBlank()) {
            throw new IllegalArgumentException("campaign id is required");
        }
    }

    /** The seed of request i. */
    public long requestSeed(long i) {
        return new SplittableRandom(seed).split().nextLong() ^ (i * 0x9E3779B97F4A7C15L);
    }

    public Stream<SimulationRequest> requests(Instant requestedAt) {
        return LongStream.range(0, count).mapToObj(i -> RequestMapper.toRequest(
                scenario.sample(requestSeed(i)), campaignId + "-r" + i, campaignId + "-p" + i, campaignId, 0, 1, requestedAt));
    }
}
