package org.stemstream.cli;

import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import org.stemstream.consumers.monitor.DashboardServer;
import org.stemstream.consumers.monitor.Monitor;
import org.stemstream.metrics.StemMetrics;
import picocli.CommandLine.Option;

/** Where the monitor serves its dashboard. */
public final class DashboardOptions {
    @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "${env:STEM_DASHBOARD_PORT:-8080}",
            description = "Port of the live dashboard (env STEM_DASHBOARD_PORT, default ${DEFAULT-VALUE}; 0 = any free port; "
                    + "a taken port falls back to a free one).")
    int port;

    /** Refuses a port that is none (before anything starts). */
    void check(picocli.CommandLine.Model.CommandSpec spec) {
        OptionChecks.between(spec, "--dashboard-port", port, 0, 65_535);
    }

    DashboardServer start(Monitor monitor, StemMetrics metrics) throws IOException {
        try {
            return new DashboardServer(monitor, port, metrics::scrape, Clock.systemUTC());
        } catch (BindException e) {
            System.err.println("dashboard port " + port + " is taken; using a free port");
            return new DashboardServer(monitor, 0, metrics::scrape, Clock.systemUTC());
        }
    }
}
