package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.cli.StemCli;
import org.stemstream.schemas.KafkaConnection;

/**
 * {@code stem bench pool} on a real broker, shortened (one warm-up campaign, three rounds of a few
 * thousand requests, half-second library measurements) so that it checks how the figures are made,
 * not how fast: the full run is {@code ./stem bench pool --json FILE}.
 */
@ExtendWith(StemInfrastructure.class)
class BenchPoolIT {
    private static final int REQUESTS = 6000;
    private static final int ROUNDS = 3;

    @Test
    void eachRoundIsSetAgainstTheLibraryMeasuredAroundItAndThePoolsFigureIsTheMedianRound(KafkaConnection kafka, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("pool.json");
        StringWriter err = new StringWriter();
        int code = StemCli.commandLine().setErr(new PrintWriter(err, true)).execute("bench", "pool",
                "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", kafka.schemaRegistryUrl(),
                "--members", "1", "--requests", String.valueOf(REQUESTS), "--warmup-seconds", "0", "--rounds", String.valueOf(ROUNDS),
                "--library-seconds", "0.5", "--json", json.toString());
        assertThat(code).as("exit code; stderr: %s", err).isZero();

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.path("rounds").asInt()).isEqualTo(ROUNDS);
        assertThat(figures.path("libraryImagesPerSecondPerThreadBefore").asDouble()).isPositive();
        JsonNode pool = figures.path("pools").path(0);
        assertThat(pool.path("members").asInt()).isEqualTo(1);
        JsonNode rounds = pool.path("rounds");
        assertThat(rounds.size()).isEqualTo(ROUNDS);
        double[] efficiencies = new double[ROUNDS];
        double[] backlogRates = new double[ROUNDS];
        for (int k = 0; k < ROUNDS; k++) {
            JsonNode round = rounds.path(k);
            assertThat(round.path("requests").asInt()).isEqualTo(REQUESTS);
            assertThat(round.path("backlogRequests").asLong()).as("at least a quarter left once sent").isBetween(REQUESTS / 4L, (long) REQUESTS);
            backlogRates[k] = round.path("backlogImagesPerSecond").asDouble();
            assertThat(backlogRates[k]).isCloseTo(round.path("backlogRequests").asDouble() / round.path("backlogSeconds").asDouble(), within(1e-6));
            double before = round.path("libraryBeforeImagesPerSecond").asDouble();
            double after = round.path("libraryAfterImagesPerSecond").asDouble();
            assertThat(before).isPositive();
            assertThat(after).isPositive();
            if (k + 1 < ROUNDS) {
                assertThat(rounds.path(k + 1).path("libraryBeforeImagesPerSecond").asDouble())
                        .as("one library measurement between two rounds serves both").isEqualTo(after);
            }
            efficiencies[k] = round.path("efficiency").asDouble();
            assertThat(efficiencies[k]).isCloseTo(backlogRates[k] / ((before + after) / 2), within(1e-9));
            assertThat(round.path("renderBusy").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1.0001);
            assertThat(round.path("renderMillisPerImage").asDouble()).isPositive();
            assertThat(round.path("processCpuCores").asDouble()).isPositive();
        }
        Arrays.sort(efficiencies);
        Arrays.sort(backlogRates);
        assertThat(pool.path("efficiency").asDouble()).isEqualTo(efficiencies[1]);
        assertThat(pool.path("efficiencyMin").asDouble()).isEqualTo(efficiencies[0]);
        assertThat(pool.path("efficiencyMax").asDouble()).isEqualTo(efficiencies[2]);
        assertThat(pool.path("backlogImagesPerSecond").asDouble()).isEqualTo(backlogRates[1]);
        double fastest = Math.max(figures.path("libraryImagesPerSecondPerThreadBefore").asDouble(),
                figures.path("libraryImagesPerSecondPerThreadAfter").asDouble());
        assertThat(pool.path("efficiencyAgainstFastestOneThreadLibrary").asDouble()).isCloseTo(backlogRates[1] / fastest, within(1e-9));
    }

    /** On its own broker, bench pool bounds images-raw's log; here, on a scratch topic of the shared test broker. */
    @Test
    void aBoundedLogKeepsItsSegmentAndRetentionBytes(KafkaConnection kafka) throws Exception {
        String topic = "bench-bounded-" + java.util.UUID.randomUUID();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(kafka.common())) {
            admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
            org.stemstream.deploy.bench.PoolBenchmark.boundLog(admin, topic);
            var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            // the controller takes the change; the broker applies it from the metadata log a moment later
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                var config = admin.describeConfigs(java.util.List.of(resource)).all().get().get(resource);
                assertThat(config.get("segment.bytes").value()).isEqualTo(String.valueOf(64L << 20));
                assertThat(config.get("retention.bytes").value()).isEqualTo(String.valueOf(192L << 20));
                assertThat(config.get("retention.ms").value()).as("time retention untouched").isEqualTo(String.valueOf(7L * 24 * 3600 * 1000));
            });
        }
    }
}
