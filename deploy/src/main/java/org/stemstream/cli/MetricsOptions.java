package org.stemstream.cli;

import org.stemstream.metrics.StemMetrics;
import picocli.CommandLine.Option;

/** Where a role serves its Prometheus metrics; shared by every long-running command. */
public final class MetricsOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:STEM_METRICS_PORT:-9404}",
            description = "Port of the Prometheus endpoint /metrics (env STEM_METRICS_PORT, default ${DEFAULT-VALUE}; "
                    + "-1 = off, 0 = any free port; a taken port falls back to a free one, which is logged).")
    int port;

    /** Refuses a port that is none (before anything starts). */
    void check(picocli.CommandLine.Model.CommandSpec spec) {
        OptionChecks.between(spec, "--metrics-port", port, -1, 65_535);
    }

    /** Starts this process's metrics, tagged {@code instance=<role>@<host>}. */
    StemMetrics start(String role) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return StemMetrics.start(role + "@" + host + "/" + ProcessHandle.current().pid(), port);
    }
}
