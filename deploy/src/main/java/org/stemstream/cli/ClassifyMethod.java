package org.stemstream.cli;

/**
 * How images are classified: {@code cnn}, the trained network (about 2,000 images/s on 2 cores);
 * {@code fit}, the physics fit ({@link org.stemstream.consumers.fit.FitModel}: no training, far more
 * accurate, about 0.15 s per image per core).
 */
enum ClassifyMethod {
    cnn, fit;

    static final String DESCRIPTION = "cnn: the trained network (fast); fit: read each cuboid off its image by fitting the "
            + "simulator's forward model (no training, far more accurate, about 0.15 s per image per core).";

    static final String TURN_DESCRIPTION = "With --method fit: also fit a turn of the particle during the scan (three more parameters): "
            + "T2 on the rotating scenario 61.3 %% -> 89.3 %%, on still seed-benchmark particles 92.1 %% -> 91.6 %%.";
}
