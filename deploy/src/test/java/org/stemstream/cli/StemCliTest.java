package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StemCliTest {
    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = StemCli.commandLine().execute(args);
            assertThat(code).as("exit code of stem %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scenarioShowPrintsTheFixedSeedBenchmarkAsJson() throws Exception {
        JsonNode json = JsonOutput.MAPPER.readTree(run("scenario", "show", "seed-benchmark"));
        assertThat(json.path("name").asText()).isEqualTo("seed-benchmark");
        assertThat(json.path("image").path("width").asInt()).isEqualTo(128);
        assertThat(json.path("image").path("pixelSizeNm").asDouble()).isEqualTo(0.25);
        assertThat(json.path("shape").path("edgesNm").path("min").asDouble()).isEqualTo(8.0);
        assertThat(json.path("shape").path("edgesNm").path("max").asDouble()).isEqualTo(14.0);
        assertThat(json.path("dose").path("countsPerPixelPerNmGold").asDouble()).isEqualTo(10.0);
    }

    @Test
    void scenarioListNamesEveryScenarioThatShowAccepts() {
        for (String name : run("scenario", "list").strip().split("\\R")) {
            assertThat(run("scenario", "show", name)).contains("\"" + name + "\"");
        }
    }

    @Test
    void simulateWritesImagesLabelsAndFigures(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("figures.json");
        run("simulate", "--scenario", "seed-benchmark", "--count", "3", "--seed", "4", "--out", dir.resolve("out").toString(), "--json", json.toString());
        assertThat(Files.readAllLines(dir.resolve("out").resolve("labels.jsonl"))).hasSize(3);
        assertThat(JsonOutput.MAPPER.readTree(json.toFile()).path("count").asInt()).isEqualTo(3);
    }

    @Test
    void simulateRefusesAnEmptyRunAndAFileForAFolder(@TempDir Path dir) throws Exception {
        CliRun none = CliRun.of("simulate", "--count", "0", "--out", dir.resolve("out").toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.errLines()).containsExactly("stem simulate: --count must be >= 1, got 0");
        assertThat(CliRun.of("simulate", "--threads", "0", "--out", dir.resolve("out").toString()).errLines())
                .containsExactly("stem simulate: --threads must be >= 1, got 0");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(CliRun.of("simulate", "--out", file.toString()).errLines())
                .containsExactly("stem simulate: --out " + file + " is a file; give the folder to write the images to");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void evaluateWithTtaScoresTheShippedModelInAllSymmetriesAndSaysSo(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("eval.json");
        String out = run("evaluate", "--task", "T4", "--scenario", "mixed-shapes", "--count", "12", "--seed", "77",
                "--model", Path.of("..", "models").toString(), "--cache", dir.resolve("cache").toString(), "--tta", "--json", json.toString());

        JsonNode figures = JsonOutput.MAPPER.readTree(json.toFile());
        assertThat(figures.path("allSymmetries").asBoolean()).isTrue();
        assertThat(figures.path("count").asInt()).isEqualTo(12);
        assertThat(figures.path("accuracy").asDouble()).as("the shipped model's T4 is 100 %% on 1,500 held-out images").isGreaterThanOrEqualTo(11 / 12.0);
        // the shipped model's crop is turned and flipped to the particle's moments: one pose, nothing to vary
        assertThat(out).contains("each image scored once (the model's crop leaves it one pose");
        assertThat(figures.path("inferenceImagesPerSecond").asDouble()).as("printed, so in the JSON too").isPositive();
    }

    @Test
    void evaluateMultiViewWritesTheSingleViewFiguresItPrints(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("eval.json");
        String out = run("evaluate", "--task", "T2-multi", "--count", "3", "--views", "2", "--seed", "78",
                "--model", Path.of("..", "models").toString(), "--json", json.toString());

        JsonNode figures = JsonOutput.MAPPER.readTree(json.toFile());
        assertThat(figures.path("particles").asInt()).isEqualTo(3);
        assertThat(figures.path("count").asInt()).as("one fused answer per particle").isEqualTo(3);
        long fusedRight = 0;
        for (int i = 0; i < figures.path("confusion").size(); i++) {
            fusedRight += figures.path("confusion").get(i).get(i).asLong();
        }
        assertThat(figures.path("accuracy").asDouble()).isEqualTo(fusedRight / 3.0);
        assertThat(figures.at("/singleView/count").asInt()).isEqualTo(6);
        double single = figures.at("/singleView/accuracy").asDouble();
        assertThat(out).contains(String.format(java.util.Locale.ROOT, "%.2f %%", 100 * single));
        assertThat(figures.path("renderAndInferenceImagesPerSecond").asDouble()).isPositive();
    }

    /** Picocli formats descriptions with String.format: a bare "95 %" garbles the help and warns on stderr. */
    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        java.util.List<String> helps = new java.util.ArrayList<>();
        try {
            java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(StemCli.commandLine()));
            while (!todo.isEmpty()) {
                picocli.CommandLine c = todo.pop();
                helps.add(c.getUsageMessage());
                todo.addAll(c.getSubcommands().values());
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(helps).hasSizeGreaterThan(15);
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(String.join("\n", helps)).doesNotContain("%n");
    }

    @Test
    void aCommandStoppedByASignalSaysSoAndExitsAsAShellExpects() throws Exception {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = StemCli.commandLine().setErr(new java.io.PrintWriter(err, true));
        picocli.CommandLine bench = cli.getSubcommands().get("bench").getSubcommands().get("pipeline");
        int code = cli.getExecutionExceptionHandler().handleExecutionException(new InterruptedException(), bench, null);
        assertThat(code).isEqualTo(130);
        assertThat(err.toString()).isEqualTo("stem bench pipeline: stopped" + System.lineSeparator());
        assertThat(cli.getExecutionExceptionHandler().handleExecutionException(new IllegalStateException("no broker"), bench, null)).isEqualTo(2);
    }

    @Test
    void aFailureIsNamedByTheWholeCommandAndSaysWhatHappenedToAPath() throws Exception {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = StemCli.commandLine().setErr(new java.io.PrintWriter(err, true));
        picocli.CommandLine classifier = cli.getSubcommands().get("bench").getSubcommands().get("classifier");
        int code = cli.getExecutionExceptionHandler().handleExecutionException(new java.nio.file.NoSuchFileException("/x"), classifier, null);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("stem bench classifier: no such file or folder: /x" + System.lineSeparator());
    }

    @Test
    void aCommandLineThatDoesNotParseIsOneLineAndAPointerToTheHelpNotTheWholeUsage() {
        CliRun bad = CliRun.of("fuse", "--threads", "many");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.errLines()).containsExactly("stem fuse: Invalid value for option '--threads': 'many' is not an int");

        CliRun misspelt = CliRun.of("train", "--out", "x", "--epoch", "3");
        assertThat(misspelt.code()).isEqualTo(2);
        assertThat(misspelt.err()).startsWith("stem train: Unknown option").contains("--epochs").contains("See 'stem train --help'.").doesNotContain("Usage:");
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        for (String[] args : new String[][] {{"-V"}, {"demo", "-V"}, {"bench", "classifier", "--version"}, {"scenario", "show", "-V"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.code()).isZero();
            assertThat(run.out().strip()).as(String.join(" ", args)).isEqualTo(StemCli.VERSION);
        }
    }

    @Test
    void benchPipelineRejectsANegativeLeadInBeforeStartingAnything() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = StemCli.commandLine().setErr(new java.io.PrintWriter(err, true)).execute("bench", "pipeline", "--lead-in-seconds", "-1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--lead-in-seconds must be >= 0").doesNotContain("\tat ");
    }

    @Test
    void benchPoolRejectsPoolSizesTheRequestTopicCannotFeedBeforeStartingAnything() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = StemCli.commandLine().setErr(new java.io.PrintWriter(err, true)).execute("bench", "pool", "--members", "1,13");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--members must each be 1..12").doesNotContain("\tat ");
    }

    @Test
    void produceFromAFileRefusesViewOptionsItWouldIgnore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plan.jsonl");
        Files.writeString(file, "{\"views\": 2}\n");
        java.io.StringWriter err = new java.io.StringWriter();
        int code = StemCli.commandLine().setErr(new java.io.PrintWriter(err, true))
                .execute("produce", "--from", file.toString(), "--views", "3", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--from takes each row's views from the file");
    }

    @Test
    void anUnknownScenarioIsAClearErrorNotAStackTrace() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = StemCli.commandLine().setErr(new java.io.PrintWriter(err, true)).execute("scenario", "show", "no-such-scenario");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("stem scenario show: ").contains("no-such-scenario").contains("seed-benchmark").doesNotContain("\tat ");
    }
}
