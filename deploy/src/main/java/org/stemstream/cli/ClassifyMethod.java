package org.stemstream.cli;

import org.stemstream.consumers.fit.FitModel;
import picocli.CommandLine.Model.CommandSpec;

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

    /**
     * Refuses {@code --fit-turn} without {@code --method fit}, and with the fit any of
     * {@code cnnOnly} (the network's options) given on the command line.
     */
    static void check(CommandSpec spec, ClassifyMethod method, boolean fitTurn, String... cnnOnly) {
        if (fitTurn && method != fit) {
            throw OptionChecks.invalid(spec, "--fit-turn applies to --method fit");
        }
        if (method == fit) {
            for (String option : cnnOnly) {
                if (OptionChecks.given(spec, option)) {
                    throw OptionChecks.invalid(spec, option + " applies to --method cnn; the fit has no trained model");
                }
            }
        }
    }

    /** The physics fit, also fitting a turn during the scan when {@code turn}. */
    static FitModel fitModel(boolean turn) {
        return turn ? FitModel.turning() : FitModel.withDefaults();
    }
}
