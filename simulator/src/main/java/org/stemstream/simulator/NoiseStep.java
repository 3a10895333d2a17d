package org.stemstream.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One applied noise or detector step and its parameters, for provenance (insertion order kept). */
public record NoiseStep(String name, Map<String, Double> parameters) {

    public NoiseStep {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A step from alternating keys and values: {@code of("probe-blur", "sigmaNm", 0.2, ...)}. */
    public static NoiseStep of(String name, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of keys and values: " + keysAndValues.length);
        }
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put((String) keysAndValues[i], ((Number) keysAndValues[i + 1]).doubleValue());
        }
        return new NoiseStep(name, p);
    }
}
