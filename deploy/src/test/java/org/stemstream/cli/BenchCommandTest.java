package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks refuse values they cannot measure with before they render, load or start anything. */
class BenchCommandTest {
    private static void refused(String expected, String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(run.errLines()).as(String.join(" ", args)).containsExactly(expected);
        assertThat(run.out()).as(String.join(" ", args)).isEmpty();
    }

    @Test
    void classifierBenchRefusesEmptyCountsBatchesAndStreams(@TempDir Path dir) {
        String cache = dir.resolve("cache").toString();
        refused("stem bench classifier: --count must be >= 1, got 0", "bench", "classifier", "--count", "0", "--cache", cache);
        refused("stem bench classifier: --batch must be >= 1, got 0", "bench", "classifier", "--batch", "0", "--cache", cache);
        refused("stem bench classifier: --streams must each be >= 1, got [0]", "bench", "classifier", "--streams", "0", "--cache", cache);
        refused("stem bench classifier: --seconds must be > 0, got 0.0", "bench", "classifier", "--seconds", "0", "--cache", cache);
        refused("stem bench classifier: --models: models folder " + dir.resolve("nope") + " does not exist",
                "bench", "classifier", "--models", dir.resolve("nope").toString(), "--cache", cache);
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void simulatorAndPipelineBenchesRefuseWhatTheyCannotRun(@TempDir Path dir) {
        refused("stem bench simulator: --seconds must be > 0, got -1.0", "bench", "simulator", "--seconds", "-1");
        refused("stem bench pipeline: --worker-threads must be 1..256, got 0", "bench", "pipeline", "--worker-threads", "0");
        refused("stem bench pipeline: --stream-threads must be 1..12, got 0", "bench", "pipeline", "--stream-threads", "0");
        refused("stem bench pipeline: --stream-threads must be 1..12, got 13", "bench", "pipeline", "--stream-threads", "13");
        refused("stem bench pipeline: --models: models folder " + dir.resolve("nope") + " does not exist",
                "bench", "pipeline", "--models", dir.resolve("nope").toString());
    }

    @Test
    void trainingBenchRefusesWhatItCannotMeasure(@TempDir Path dir) {
        String cache = dir.resolve("cache").toString();
        refused("stem bench training: --count must be >= 64, got 10", "bench", "training", "--count", "10", "--cache", cache);
        refused("stem bench training: --threads must each be in [1, --batch 64], got [0]", "bench", "training", "--threads", "0", "--cache", cache);
        refused("stem bench training: --engines: 'gpu' is not onednn or dl4j", "bench", "training", "--engines", "gpu", "--cache", cache);
        refused("stem bench training: --seconds must be > 0, got 0.0", "bench", "training", "--seconds", "0", "--cache", cache);
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    /** A short run measures both engines and writes a figure per case (how fast is the benchmark's business, not this test's). */
    @Test
    void trainingBenchMeasuresEachEngineAndThreadCount(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("training.json");
        CliRun run = CliRun.of("bench", "training", "--count", "32", "--batch", "16", "--threads", "1,2", "--seconds", "0.3",
                "--cache", dir.resolve("cache").toString(), "--json", json.toString());
        assertThat(run.code()).as(run.err()).isZero();
        var figures = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("benchmark").asText()).isEqualTo("training");
        assertThat(figures.get("cases")).hasSize(4);
        for (var c : figures.get("cases")) {
            assertThat(c.get("imagesPerSecond").asDouble()).as(c.toString()).isPositive();
            assertThat(c.get("images").asLong() % 16).isZero();
        }
        assertThat(figures.get("cases").get(0).get("engine").asText()).isEqualTo("onednn");
        assertThat(figures.get("cases").get(3).get("engine").asText()).isEqualTo("dl4j");
        assertThat(figures.get("cases").get(3).get("threads").asInt()).isEqualTo(2);
    }
}
