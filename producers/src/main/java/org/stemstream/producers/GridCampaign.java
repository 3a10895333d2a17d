package org.stemstream.producers;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.SimulationSpec;

/**
 * A grid sweep: for every deformation count in {@code counts}, {@code orientations} particles
 * at independent random orientations (so each count gets the same number of particles, unlike a
 * random campaign). Particles come from the scenario, drawn until one has the wanted count, so
 * everything else (edges, cut depths, blur, offsets) keeps the scenario's distribution.
 */
public record GridCampaign(String campaignId, Scenario scenario, List<Integer> counts, int orientations, long seed, ViewPlan views)
        implements RequestSource {
    private static final int MAX_DRAWS = 10_000;

    public GridCampaign {
        counts = List.copyOf(counts);
        if (counts.isEmpty() || orientations < 1) {
            throw new IllegalArgumentException("a grid needs at least one deformation count and one orientation, got "
                    + counts + " x " + orientations);
        }
        for (int k : counts) {
            if (k < 0 || k > 8) {
                throw new IllegalArgumentException("deformation count " + k + " is outside 0..8");
            }
        }
        if (new java.util.HashSet<>(counts).size() != counts.size()) {
            // each cell's ids are made of its count: a repeated count would give two particles one object id
            throw new IllegalArgumentException("deformation counts " + counts + " repeat a count; ask for more orientations instead");
        }
    }

    @Override
    public long size() {
        return (long) counts.size() * orientations * views.views();
    }

    @Override
    public Stream<SimulationRequest> requests(Instant requestedAt) {
        return IntStream.range(0, counts.size()).boxed().flatMap(ci -> IntStream.range(0, orientations).boxed().flatMap(oi -> {
            int k = counts.get(ci);
            SplittableRandom rnd = new SplittableRandom(seed ^ (31L * ci + 1) * 0x9E3779B97F4A7C15L ^ oi * 0xC2B2AE3D27D4EB4FL);
            SimulationSpec spec = withCount(rnd, k).withOrientation(Quaternion.random(rnd));
            String cell = campaignId + "-k" + k + "-o" + oi;
            return Campaign.views(campaignId, cell, cell, spec, views, requestedAt);
        }));
    }

    private SimulationSpec withCount(SplittableRandom rnd, int k) {
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            SimulationSpec spec = scenario.sample(rnd.nextLong());
            if (Labels.deformedCount(spec.particle()) == k) {
                return spec;
            }
        }
        throw new IllegalArgumentException("scenario " + scenario.name() + " gave no particle with " + k
                + " deformed corners in " + MAX_DRAWS + " draws");
    }
}
