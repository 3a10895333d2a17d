package org.stemstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.stemstream.consumers.cnn.ModelFolder;
import org.stemstream.consumers.cnn.ModelMetadata;
import picocli.CommandLine.Option;

/** Which models a classifier serves, and how often it looks for a new version. */
public final class ModelOptions {
    /** What {@code --tta} does, for every command that takes it. */
    static final String TTA = "Score each image in the model's symmetries and fuse the answers (mean log-probabilities, "
            + "renormalised), a forward pass per variant: all 8 flips and quarter turns for a model that keeps the image's axes, "
            + "4 (the flips and the half turn) for one whose crop is turned to the particle's axis (train --orient principal), "
            + "none for one also flipped to the particle's moments (--orient canonical), as the shipped one's is: each image is "
            + "then scored once. Version 8 (4 variants) gained on held-out images, in points: T1 +0.65, T2 +3.3, T3 +3.5; "
            + "version 9 without it scores above version 8 with it.";

    @Option(names = "--models", paramLabel = "DIR", defaultValue = "${env:STEM_MODELS}",
            description = "A model folder, or a folder of model folders of which the highest version is served and "
                    + "replaced when a higher one is dropped in (env STEM_MODELS; default: the shipped models/ folder).")
    Path models;

    @Option(names = "--model-scan-interval", defaultValue = "2s",
            description = "How often the models folder is scanned for a new version: 500ms, 2s, 1m or ISO-8601 (PT2S) "
                    + "(default ${DEFAULT-VALUE}).")
    Duration scanInterval;

    /**
     * Refuses, before anything starts, a models folder that holds no model or whose metadata
     * cannot be read, and a zero scan interval. (The network itself is read when the command
     * loads it.)
     */
    void check(picocli.CommandLine.Model.CommandSpec spec) {
        if (scanInterval.isZero()) {
            throw OptionChecks.invalid(spec, "--model-scan-interval must be > 0");
        }
        Path dir = folder();
        try {
            ModelFolder.Candidate best = ModelFolder.best(dir).orElseThrow(() -> OptionChecks.invalid(spec, "--models: no model in " + dir
                    + " (a folder with " + ModelMetadata.MODEL_FILE + " and " + ModelMetadata.FILE + ", or a folder of such folders)"));
            ModelMetadata.read(best.dir().resolve(ModelMetadata.FILE));
        } catch (java.io.IOException e) {
            throw OptionChecks.invalid(spec, "--models: " + e.getMessage());
        }
    }

    /** The folder given, or the project's models/ folder ({@code stem.home}, set by the launcher). */
    Path folder() {
        return models != null ? models : org.stemstream.deploy.LocalPipeline.defaultModels();
    }
}
