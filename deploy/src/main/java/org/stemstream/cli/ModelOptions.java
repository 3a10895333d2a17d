package org.stemstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.stemstream.consumers.cnn.ModelFolder;
import org.stemstream.consumers.cnn.ModelMetadata;
import picocli.CommandLine.Option;

/** Which models a classifier serves, and how often it looks for a new version. */
public final class ModelOptions {
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
