package org.stemstream.simulator.scenario;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.RandomStreams;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Sphere;

/**
 * The shape task: cuboid, triangular-based pyramid or sphere with equal probability, imaged with
 * the seed-benchmark's settings. Cuboids are seed-benchmark cuboids; pyramids are right pyramids
 * on an equilateral base of edge 10..16 nm, height 0.8..1.25 x that of the regular tetrahedron;
 * spheres have radius 4..7 nm.
 */
public final class MixedShapes implements Scenario {

    public static final String NAME = "mixed-shapes";
    public static final List<String> SHAPES = List.of("cuboid", "pyramid", "sphere");
    static final double PYRAMID_EDGE_MIN = 10;
    static final double PYRAMID_EDGE_MAX = 16;
    static final double PYRAMID_HEIGHT_MIN = 0.8;
    static final double PYRAMID_HEIGHT_MAX = 1.25;
    static final double SPHERE_RADIUS_MIN = 4;
    static final double SPHERE_RADIUS_MAX = 7;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SimulationSpec sample(long seed) {
        RandomStreams streams = RandomStreams.of(seed);
        SplittableRandom geometry = streams.geometry();
        Particle particle = switch (RandomStreams.uniformInt(geometry, SHAPES.size())) {
            case 0 -> BenchmarkSettings.cuboid(CornerPolicy.UNIFORM_COUNT, geometry);
            case 1 -> {
                double edge = RandomStreams.uniform(geometry, PYRAMID_EDGE_MIN, PYRAMID_EDGE_MAX);
                double height = edge * Math.sqrt(2.0 / 3.0)
                        * RandomStreams.uniform(geometry, PYRAMID_HEIGHT_MIN, PYRAMID_HEIGHT_MAX);
                yield Pyramid.of(edge, height);
            }
            default -> new Sphere(RandomStreams.uniform(geometry, SPHERE_RADIUS_MIN, SPHERE_RADIUS_MAX));
        };
        return BenchmarkSettings.spec(seed, particle, streams);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = BenchmarkSettings.map("name", NAME,
                "description", "cuboid, pyramid or sphere (1/3 each) with the seed-benchmark imaging");
        p.putAll(BenchmarkSettings.commonParameters());
        p.put("shape", BenchmarkSettings.map(
                "type", "one of " + SHAPES + ", uniform",
                "cuboid", BenchmarkSettings.cuboidParameters(CornerPolicy.UNIFORM_COUNT),
                "pyramid", BenchmarkSettings.map("type", "right pyramid on an equilateral triangle",
                        "baseEdgeNm", BenchmarkSettings.range(PYRAMID_EDGE_MIN, PYRAMID_EDGE_MAX),
                        "heightOverRegularTetrahedron", BenchmarkSettings.range(PYRAMID_HEIGHT_MIN, PYRAMID_HEIGHT_MAX)),
                "sphere", BenchmarkSettings.map("radiusNm", BenchmarkSettings.range(SPHERE_RADIUS_MIN, SPHERE_RADIUS_MAX))));
        p.put("scanRotation", "none");
        return Collections.unmodifiableMap(p);
    }
}
