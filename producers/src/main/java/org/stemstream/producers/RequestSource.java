package org.stemstream.producers;

import java.time.Instant;
import java.util.stream.Stream;
import org.stemstream.schemas.avro.SimulationRequest;

/** A finite, reproducible sequence of simulation requests: a random campaign, a grid sweep, a file. */
public interface RequestSource {
    String campaignId();

    /** How many requests {@link #requests} yields (views included). */
    long size();

    Stream<SimulationRequest> requests(Instant requestedAt);
}
