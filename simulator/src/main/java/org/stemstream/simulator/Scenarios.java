package org.stemstream.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.stemstream.simulator.scenario.CuboidScenario;
import org.stemstream.simulator.scenario.MixedShapes;

/** The registry of named scenarios. */
public final class Scenarios {

    private static final Map<String, Supplier<Scenario>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("seed-benchmark", CuboidScenario::seedBenchmark);
        KNOWN.put("t1-balanced", CuboidScenario::t1Balanced);
        KNOWN.put("t3-two-corners", CuboidScenario::t3TwoCorners);
        KNOWN.put("t1-easy", CuboidScenario::t1Easy);
        KNOWN.put("t1-one-corner", CuboidScenario::t1OneCorner);
        KNOWN.put("rotating", CuboidScenario::rotating);
        KNOWN.put(MixedShapes.NAME, MixedShapes::new);
    }

    private Scenarios() {
    }

    /** The scenario called {@code name}; fails with the list of known names. */
    public static Scenario named(String name) {
        Supplier<Scenario> s = KNOWN.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", names()));
        }
        return s.get();
    }

    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }
}
