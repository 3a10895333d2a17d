package org.stemstream.simulator;

import java.util.List;

/** A noisy image (detector counts) and the steps, in order, that made it from the noiseless one. */
public record NoisyImage(Image image, List<NoiseStep> steps) {

    public NoisyImage {
        steps = List.copyOf(steps);
    }
}
