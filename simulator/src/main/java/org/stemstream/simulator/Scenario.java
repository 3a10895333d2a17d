package org.stemstream.simulator;

import java.util.Map;

/** A named distribution of simulation requests. */
public interface Scenario {

    String name();

    /** One request, a pure function of {@code seed} (which also becomes the request's noise seed). */
    SimulationSpec sample(long seed);

    /** The scenario's parameters as nested maps, lists, numbers and strings, printable as JSON. */
    Map<String, Object> parameters();
}
