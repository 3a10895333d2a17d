package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.cli.StemCli;
import org.stemstream.schemas.KafkaConnection;

/** {@code stem demo --requests N --json FILE} against a given cluster: the summary figures. */
@ExtendWith(StemInfrastructure.class)
class DemoCommandIT {

    @Test
    void demoRunsACampaignAndWritesItsSummary(KafkaConnection kafka, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        int code = StemCli.commandLine().execute("demo", "--bootstrap-servers", kafka.bootstrapServers(),
                "--schema-registry-url", kafka.schemaRegistryUrl(), "--requests", "40", "--seed", "3", "--json", json.toString(),
                "--exit-when-done", "--dashboard-port", "0", "--metrics-port", "0");
        assertThat(code).isZero();

        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.path("requests").asInt()).isEqualTo(40);
        assertThat(summary.path("imagesRenderedHere").asLong()).as("the demo's own workers, the only ones here").isGreaterThanOrEqualTo(40);
        assertThat(summary.path("classifications").asLong()).isEqualTo(40);
        assertThat(summary.path("distinctRequests").asLong()).isEqualTo(40);
        assertThat(summary.path("imagesPerSecond").asDouble()).isPositive();
        // the shipped model: held-out T1 about 95 %, T2 about 50 % (chance 11 %); at n = 40 these bounds leave a wide margin
        assertThat(summary.path("accuracy").has("T1")).isTrue();
        assertThat(summary.path("accuracy").path("T1").asDouble()).isGreaterThanOrEqualTo(0.75);
        assertThat(summary.path("accuracy").has("T2")).isTrue();
        assertThat(summary.path("accuracy").path("T2").asDouble()).isGreaterThanOrEqualTo(0.2);
        assertThat(summary.path("scored").path("T1").asLong()).as("every image's truth is known").isEqualTo(40);
        assertThat(summary.path("model").asText()).isNotBlank();
    }

    /** {@code --method fit --fit-turn}: the classifier fits a turn during the scan, and every result says so. */
    @Test
    void demoServesTheFitThatTurnsWhenAsked(KafkaConnection kafka, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        int code = StemCli.commandLine().execute("demo", "--bootstrap-servers", kafka.bootstrapServers(),
                "--schema-registry-url", kafka.schemaRegistryUrl(), "--requests", "4", "--seed", "5", "--scenario", "rotating",
                "--method", "fit", "--fit-turn", "--json", json.toString(), "--exit-when-done", "--dashboard-port", "0", "--metrics-port", "0");
        assertThat(code).isZero();

        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.path("classifications").asLong()).isEqualTo(4);
        assertThat(summary.path("model").asText()).isEqualTo("stem-fit v" + org.stemstream.simulator.fit.CuboidFitter.VERSION + "-turn");
    }
}
