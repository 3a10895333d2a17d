package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.cli.StemCli;
import org.stemstream.schemas.KafkaConnection;

/**
 * The performance suite in CI: {@code stem bench pipeline} with a short soak, on a real broker,
 * shortened (a 5 s warm-up, a few hundred requests) so that it checks that every phase runs and
 * reports, not how fast: the figures depend on the machine. The full run is
 * {@code ./stem bench pipeline --requests 3000 --json FILE}, the long soak {@code --soak 100000}.
 */
@ExtendWith(StemInfrastructure.class)
class BenchPipelineIT {
    private static final List<String> STAGES = List.of("simulator-worker", "noise", "augment", "classifier");
    private static final int REQUESTS = 200;
    /** 50 s at 40 requests/s: five samples of 10 s, enough to compare the first and last quarter. */
    private static final int SOAK = 2000;

    @Test
    void everyPhaseRunsAndTheSoakFindsHeapAndLagFlat(KafkaConnection kafka, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        int code = StemCli.commandLine().setErr(new PrintWriter(err, true)).execute("bench", "pipeline",
                "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", kafka.schemaRegistryUrl(),
                "--requests", String.valueOf(REQUESTS), "--warmup-seconds", "5", "--lead-in-seconds", "3",
                "--steady-rate", "40", "--soak", String.valueOf(SOAK), "--stream-threads", "2", "--json", json.toString());
        assertThat(code).as("exit code; stderr: %s", err).isZero();

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.path("streamThreads").asInt()).isEqualTo(2);
        // the warm-up ran the whole pipeline, then stopped it; the stages alone started again after it
        assertThat(figures.path("warmupRequests").asInt()).as("at least one flat-out warm-up campaign").isGreaterThanOrEqualTo(200);
        assertThat(figures.path("warmupFlatOutImagesPerSecond").asDouble()).isPositive();
        double cpuPerImage = 0;
        for (String stage : STAGES) {
            JsonNode alone = figures.path("stagesAlone").path(stage);
            assertThat(alone.path("images").asLong()).as(stage).isEqualTo(REQUESTS);
            assertThat(alone.path("imagesPerSecond").asDouble()).as(stage).isPositive();
            assertThat(alone.path("startUpSeconds").asDouble()).as(stage).isPositive().isLessThan(alone.path("seconds").asDouble());
            assertThat(alone.path("imagesPerSecondAfterFirstCommit").asDouble()).as(stage)
                    .isGreaterThan(alone.path("imagesPerSecond").asDouble());
            assertThat(alone.path("processCpuCores").asDouble()).as(stage).isPositive();
            assertThat(alone.path("processCpuMillisPerImage").asDouble()).as(stage).isPositive();
            assertThat(alone.path("compilerCores").isNumber()).as(stage + " reports the JIT compiler's cores").isTrue();
            cpuPerImage += alone.path("processCpuMillisPerImage").asDouble();
        }
        assertThat(figures.path("stagesAloneProcessCpuMillisPerImage").asDouble()).isCloseTo(cpuPerImage, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(figures.path("pipelineProcessCpuMillisPerImage").asDouble()).isPositive();
        assertThat(figures.path("pipelineToSlowestStageAfterFirstCommit").asDouble()).isPositive()
                .isLessThan(figures.path("pipelineToSlowestStage").asDouble());
        double slowest = STAGES.stream().mapToDouble(s -> figures.path("stagesAlone").path(s).path("imagesPerSecond").asDouble()).min().orElseThrow();
        assertThat(figures.path("slowestStageImagesPerSecond").asDouble()).isEqualTo(slowest);
        assertThat(figures.path("pipelineToSlowestStage").asDouble())
                .isCloseTo(figures.path("pipelineImagesPerSecond").asDouble() / slowest, org.assertj.core.data.Offset.offset(1e-9));

        JsonNode latency = figures.path("latencyAtHalfRate");
        assertThat(latency.path("requestsPerSecond").asDouble()).isEqualTo(40.0);
        assertThat(latency.path("count").asInt()).as("every measured request has its latency").isEqualTo(REQUESTS);
        assertThat(latency.path("p50Millis").asDouble()).isPositive().isLessThanOrEqualTo(latency.path("p99Millis").asDouble());
        for (String stage : STAGES) {
            JsonNode hop = latency.path("stageMillis").path(stage);
            assertThat(hop.path("p50Millis").isNumber()).as("%s has its own latencies", stage).isTrue();
            assertThat(hop.path("p50Millis").asDouble()).as(stage).isPositive().isLessThanOrEqualTo(hop.path("p99Millis").asDouble());
        }
        assertThat(latency.path("leadIn").path("count").asInt()).as("3 s of lead-in at 40/s").isBetween(100, 140);
        assertThat(latency.path("transactions").path("simulator-worker").path("transactions").asLong()).isPositive();

        JsonNode soak = figures.path("soak");
        assertThat(soak.path("requests").asInt()).isEqualTo(SOAK);
        assertThat(soak.path("samples").size()).isGreaterThanOrEqualTo(4);
        assertThat(soak.path("heapFlat").asBoolean()).isTrue();
        assertThat(soak.path("lagNotGrowing").asBoolean()).isTrue();
        assertThat(figures.path("processCpuCores").asDouble()).isPositive();
    }
}
