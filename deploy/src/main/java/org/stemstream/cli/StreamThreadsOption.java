package org.stemstream.cli;

import org.stemstream.schemas.Topics;
import picocli.CommandLine.Option;

/** The Kafka Streams threads of the noise and augmentation stages, for the commands that run them in one JVM. */
public final class StreamThreadsOption {
    @Option(names = "--stream-threads", defaultValue = "1",
            description = "Kafka Streams threads of the noise and the augmentation stage each (default ${DEFAULT-VALUE}; at most "
                    + "the topics' partitions; on a machine with cores to spare the one-thread noise stage bounds the pipeline).")
    int threads;

    /** Refuses, before anything starts, fewer than one thread or more than a stage's input topic has partitions (they would idle). */
    void check(picocli.CommandLine.Model.CommandSpec spec) {
        OptionChecks.between(spec, "--stream-threads", threads, 1, Topics.IMAGES_RAW.partitions());
    }
}
