package org.stemstream.producers;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.SimulationSpec;

/**
 * A random campaign: {@code count} particles drawn from a scenario, each imaged in the views of
 * {@code views}. Particle i's seed derives from the campaign seed and i, so a campaign is
 * reproducible and any particle can be regenerated alone; view v of it gets its own seed (its own
 * noise) and its own orientation, and shares the object id.
 */
public record Campaign(String campaignId, Scenario scenario, int count, long seed, ViewPlan views) implements RequestSource {
    public Campaign {
        if (count < 0) {
            throw new IllegalArgumentException("particle count must be >= 0, got " + count);
        }
        if (campaignId == null || campaignId.isBlank()) {
            throw new IllegalArgumentException("campaign id is required");
        }
    }

    public Campaign(String campaignId, Scenario scenario, int count, long seed) {
        this(campaignId, scenario, count, seed, ViewPlan.single());
    }

    @Override
    public long size() {
        return (long) count * views.views();
    }

    /** The seed of particle i. */
    public long particleSeed(long i) {
        return new SplittableRandom(seed).split().nextLong() ^ (i * 0x9E3779B97F4A7C15L);
    }

    @Override
    public Stream<SimulationRequest> requests(Instant requestedAt) {
        return LongStream.range(0, count).boxed().flatMap(i ->
                views(campaignId, campaignId + "-p" + i, campaignId + "-r" + i, scenario.sample(particleSeed(i)), views, requestedAt));
    }

    /** The requests for the views of one particle: request ids {@code <requestId>-v<k>}, or {@code requestId} for one view. */
    static Stream<SimulationRequest> views(String campaignId, String objectId, String requestId, SimulationSpec spec, ViewPlan plan, Instant at) {
        SplittableRandom rnd = new SplittableRandom(spec.seed() ^ 0x76696577L);
        List<Quaternion> orientations = plan.orientations(spec.orientation(), rnd);
        int n = orientations.size();
        return java.util.stream.IntStream.range(0, n).mapToObj(v -> RequestMapper.toRequest(
                spec.withOrientation(orientations.get(v)).withSeed(v == 0 ? spec.seed() : spec.seed() + v * 0x632BE59BD9B4E019L),
                n == 1 ? requestId : requestId + "-v" + v, objectId, campaignId, v, n, at));
    }
}
