package org.stemstream.cli;

import java.nio.file.Path;
import java.time.Duration;
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

    /** The folder given, or the project's models/ folder ({@code stem.home}, set by the launcher). */
    Path folder() {
        return models != null ? models : org.stemstream.deploy.LocalPipeline.defaultModels();
    }
}
