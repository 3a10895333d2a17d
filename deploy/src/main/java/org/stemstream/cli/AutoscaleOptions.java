package org.stemstream.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.stemstream.deploy.scale.AutoscalingPool;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;
import picocli.CommandLine.Option;

/** Run a role as a pool of consumer-group members sized on lag (the KEDA rule of deploy/k8s/keda.yaml). */
public final class AutoscaleOptions {
    @Option(names = "--autoscale", description = "Run a pool of members that grows and shrinks on the group's lag.")
    boolean enabled;

    @Option(names = "--min-members", defaultValue = "1", description = "Fewest members when autoscaling (default ${DEFAULT-VALUE}).")
    int min;

    @Option(names = "--max-members", defaultValue = "4", description = "Most members when autoscaling (default ${DEFAULT-VALUE}; at most the input topic's 12 partitions).")
    int max;

    @Option(names = "--lag-threshold", defaultValue = "500", description = "Records of backlog per member (default ${DEFAULT-VALUE}, as in keda.yaml).")
    long lagThreshold;

    @Option(names = "--cooldown", defaultValue = "30s", description = "Shrink by one member at most this often: 30s, 2m or ISO-8601 "
            + "(PT30S) (default ${DEFAULT-VALUE}).")
    Duration cooldown;

    /**
     * Refuses a pool the input topic cannot feed (more members than partitions would idle) or
     * that cannot be sized, before anything starts.
     */
    void check(picocli.CommandLine.Model.CommandSpec spec, Topic<?, ?> input) {
        OptionChecks.between(spec, "--max-members", max, 1, input.partitions());
        OptionChecks.between(spec, "--min-members", min, 0, max);
        OptionChecks.atLeast(spec, "--lag-threshold", lagThreshold, 1);
    }

    /** For the start-up line: the pool's bounds, or nothing without --autoscale. */
    String describe() {
        return enabled ? "; autoscaling " + min + ".." + max + " members on " + lagThreshold + " records of lag each" : "";
    }

    <T extends AutoCloseable> AutoscalingPool<T> start(KafkaConnection kafka, String group, Topic<?, ?> input, Supplier<T> member) {
        return new AutoscalingPool<>(group, input, member, new AutoscalingPool.Rule(min, max, lagThreshold, cooldown),
                Admin.create(kafka.common()), Duration.ofSeconds(2), Clock.systemUTC());
    }
}
