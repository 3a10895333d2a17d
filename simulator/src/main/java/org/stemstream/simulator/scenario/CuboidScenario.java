package org.stemstream.simulator.scenario;

import java.util.Collections;
import java.util.Map;
import java.util.SplittableRandom;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.RandomStreams;
import org.stemstream.simulator.ScanRotation;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Vec3;

/**
 * Deformed cuboids with the seed-benchmark's settings, differing only in how corners are chosen
 * and, optionally, in a rotation during the scan (axis uniform on the sphere, total angle uniform
 * in a range, per scan line).
 */
public final class CuboidScenario implements Scenario {

    private final String name;
    private final String description;
    private final CornerPolicy policy;
    private final double minScanAngleDeg;
    private final double maxScanAngleDeg;
    private final double cutMin;
    private final double cutMax;

    private CuboidScenario(String name, String description, CornerPolicy policy, double minScanAngleDeg,
                           double maxScanAngleDeg) {
        this(name, description, policy, minScanAngleDeg, maxScanAngleDeg, BenchmarkSettings.CUT_MIN, BenchmarkSettings.CUT_MAX);
    }

    private CuboidScenario(String name, String description, CornerPolicy policy, double minScanAngleDeg,
                           double maxScanAngleDeg, double cutMin, double cutMax) {
        this.name = name;
        this.description = description;
        this.policy = policy;
        this.minScanAngleDeg = minScanAngleDeg;
        this.maxScanAngleDeg = maxScanAngleDeg;
        this.cutMin = cutMin;
        this.cutMax = cutMax;
    }

    /** docs/seed-benchmark.md, exactly. */
    public static CuboidScenario seedBenchmark() {
        return new CuboidScenario("seed-benchmark", "the fixed benchmark of docs/seed-benchmark.md",
                CornerPolicy.UNIFORM_COUNT, 0, 0);
    }

    /** T1 evaluation: seed-benchmark with half the particles undeformed. */
    public static CuboidScenario t1Balanced() {
        return new CuboidScenario("t1-balanced", "seed-benchmark with half k = 0, half k uniform in 1..8 (T1)",
                CornerPolicy.HALF_UNDEFORMED, 0, 0);
    }

    /**
     * T1's hardest contrast: seed-benchmark with no corner or one corner cut, half each. A cut
     * particle that passes for uncut almost always has one cut, hidden inside the outline: this
     * scenario teaches that contrast (--aux), it is not an evaluation set.
     */
    public static CuboidScenario t1OneCorner() {
        return new CuboidScenario("t1-one-corner", "seed-benchmark with k = 0 or k = 1, half each (teaches T1's hardest contrast)",
                CornerPolicy.NONE_OR_ONE, 0, 0);
    }

    /** T3 evaluation: seed-benchmark with exactly two cut corners, arrangements balanced. */
    public static CuboidScenario t3TwoCorners() {
        return new CuboidScenario("t3-two-corners", "seed-benchmark with exactly 2 deformed corners (T3)",
                CornerPolicy.TWO_CORNERS, 0, 0);
    }

    /**
     * An easy T1 for tests and teaching: seed-benchmark imaging, but no corner or every corner cut,
     * and deep cuts (f in [0.35, 0.45]). Not a benchmark.
     */
    public static CuboidScenario t1Easy() {
        return new CuboidScenario("t1-easy", "k = 0 or k = 8 (half each) with deep cuts, f in [0.35, 0.45]; seed-benchmark "
                + "imaging otherwise (an easy T1 for tests and teaching, not a benchmark)", CornerPolicy.NONE_OR_ALL, 0, 0, 0.35, 0.45);
    }

    /** seed-benchmark particles that rotate by 5 to 30 degrees during the frame. */
    public static CuboidScenario rotating() {
        return new CuboidScenario("rotating", "seed-benchmark particles rotating during the scan",
                CornerPolicy.UNIFORM_COUNT, 5, 30);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SimulationSpec sample(long seed) {
        RandomStreams streams = RandomStreams.of(seed);
        Cuboid cuboid = BenchmarkSettings.cuboid(policy, cutMin, cutMax, streams.geometry());
        SimulationSpec spec = BenchmarkSettings.spec(seed, cuboid, streams);
        if (maxScanAngleDeg > 0) {
            SplittableRandom scan = streams.scan();
            Vec3 axis = randomAxis(scan);
            double angle = Math.toRadians(RandomStreams.uniform(scan, minScanAngleDeg, maxScanAngleDeg));
            spec = spec.withScanRotation(new ScanRotation(axis, angle, false));
        }
        return spec;
    }

    /** A direction uniform on the unit sphere (Archimedes: z uniform in [-1, 1]). */
    static Vec3 randomAxis(SplittableRandom rnd) {
        double z = RandomStreams.uniform(rnd, -1, 1);
        double phi = RandomStreams.uniform(rnd, 0, 2 * Math.PI);
        double r = Math.sqrt(Math.max(0, 1 - z * z));
        return new Vec3(r * StrictMath.cos(phi), r * StrictMath.sin(phi), z);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = BenchmarkSettings.map("name", name, "description", description);
        p.putAll(BenchmarkSettings.commonParameters());
        p.put("shape", BenchmarkSettings.cuboidParameters(policy, cutMin, cutMax));
        p.put("scanRotation", maxScanAngleDeg > 0
                ? BenchmarkSettings.map("axis", "uniform on the unit sphere (lab frame)", "totalAngleDeg",
                        BenchmarkSettings.range(minScanAngleDeg, maxScanAngleDeg), "perPixel", false)
                : "none");
        return Collections.unmodifiableMap(p);
    }
}
