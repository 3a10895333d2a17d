package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    private static final String MODELS = Path.of("..", "models").toString();

    /** Before, an unknown task failed only once every image was rendered, and a count of 0 printed "accuracy NaN %". */
    @Test
    void anUnknownTaskOrAnEmptyCountIsRefusedBeforeRendering(@TempDir Path dir) {
        String cache = dir.resolve("cache").toString();
        CliRun unknown = CliRun.of("evaluate", "--task", "T5", "--cache", cache);
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.errLines()).containsExactly("stem evaluate: --task must be one of T1, T2, T3, T4, "
                + "or one of them with -multi (e.g. T2-multi); got T5");
        for (String count : new String[] {"0", "-5"}) {
            CliRun empty = CliRun.of("evaluate", "--task", "T1", "--count", count, "--cache", cache);
            assertThat(empty.code()).isEqualTo(2);
            assertThat(empty.errLines()).containsExactly("stem evaluate: --count must be >= 1, got " + count);
        }
        CliRun views = CliRun.of("evaluate", "--task", "T2", "--views", "3", "--cache", cache);
        assertThat(views.errLines()).containsExactly("stem evaluate: --views applies to a -multi task (e.g. T2-multi); T2 scores single images");
        CliRun scenario = CliRun.of("evaluate", "--task", "T1", "--scenario", "nope", "--cache", cache);
        assertThat(scenario.code()).isEqualTo(2);
        assertThat(scenario.err()).startsWith("stem evaluate: --scenario: unknown scenario 'nope'; known: seed-benchmark");
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void theFitScoresWithoutAModelAndRefusesWhatOnlyANetworkHas(@TempDir Path dir) throws Exception {
        String cache = dir.resolve("cache").toString();
        Path json = dir.resolve("fit.json");
        CliRun run = CliRun.of("evaluate", "--method", "fit", "--task", "T2", "--count", "6", "--seed", "93", "--cache", cache,
                "--json", json.toString());
        assertThat(run.code()).isZero();
        JsonNode figures = JsonOutput.MAPPER.readTree(json.toFile());
        assertThat(figures.path("method").asText()).isEqualTo("fit");
        assertThat(figures.path("modelName").asText()).isEqualTo("stem-fit");
        assertThat(figures.path("precision").isNull()).as("the fit has no network").isTrue();
        assertThat(figures.path("count").asInt()).isEqualTo(6);
        assertThat(run.out()).contains("T2 on seed-benchmark").contains("model stem-fit " + org.stemstream.simulator.fit.CuboidFitter.VERSION);

        CliRun tta = CliRun.of("evaluate", "--method", "fit", "--task", "T2", "--tta", "--cache", cache);
        assertThat(tta.code()).isEqualTo(2);
        assertThat(tta.errLines()).containsExactly("stem evaluate: --tta applies to --method cnn; the fit has no trained model");
        CliRun model = CliRun.of("evaluate", "--method", "fit", "--task", "T2", "--model", MODELS, "--cache", cache);
        assertThat(model.errLines()).containsExactly("stem evaluate: --model applies to --method cnn; the fit has no trained model");
        CliRun turn = CliRun.of("evaluate", "--fit-turn", "--task", "T2", "--cache", cache);
        assertThat(turn.errLines()).containsExactly("stem evaluate: --fit-turn applies to --method fit");
        CliRun shape = CliRun.of("evaluate", "--method", "fit", "--task", "T4", "--count", "6", "--seed", "94", "--cache", cache);
        assertThat(shape.code()).isZero();
        assertThat(shape.out()).contains("T4 on mixed-shapes");
    }

    @Test
    void tasksAreReadInAnyCase() {
        assertThat(EvaluateCommand.task(null, "t1")).isEqualTo("T1");
        assertThat(EvaluateCommand.task(null, "t2-MULTI")).isEqualTo("T2-multi");
        assertThat(EvaluateCommand.task(null, "T4")).isEqualTo("T4");
    }

    /** On seed-benchmark (all cuboids) T4 scored a trivial 100 %. */
    @Test
    void t4IsScoredOnMixedShapesUnlessAScenarioIsGiven(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("t4.json");
        CliRun run = CliRun.of("evaluate", "--task", "t4", "--count", "6", "--seed", "91", "--model", MODELS,
                "--cache", dir.resolve("cache").toString(), "--json", json.toString());
        assertThat(run.code()).isZero();
        JsonNode figures = JsonOutput.MAPPER.readTree(json.toFile());
        assertThat(figures.path("task").asText()).isEqualTo("T4");
        assertThat(figures.path("scenario").asText()).isEqualTo(EvaluateCommand.SHAPES_SCENARIO);
        assertThat(figures.path("precision").asText()).as("the shipped model has int8 scales").isEqualTo("int8");
        assertThat(run.out()).contains("T4 on mixed-shapes").contains("model stem-cnn 15 (int8)");
        assertThat(figures.has("byHiddenCuts")).as("the shape task has nothing to do with cut corners").isFalse();
    }

    @Test
    void aScoreOverOneClassOnlyIsFlagged(@TempDir Path dir) {
        CliRun run = CliRun.of("evaluate", "--task", "T4", "--scenario", "seed-benchmark", "--count", "3", "--seed", "92",
                "--model", MODELS, "--cache", dir.resolve("cache").toString());
        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("warning: every scored image of seed-benchmark is of one class");
    }

    /**
     * Other imaging conditions than the scenario's, scored as the classifier serves them: T1 of the
     * same 40 particles at the scenario's 128 x 128 of 0.25 nm and at 256 x 256 of 0.125 nm with the
     * same electrons per nm^2 (the shipped model scores 95.0 and 93.5 % on 200 such particles), and
     * at dose 40 without the images stating it.
     */
    @Test
    void otherImagingConditionsAreScoredAsTheClassifierServesThem(@TempDir Path dir) throws Exception {
        Path asTrained = dir.resolve("as-trained.json");
        Path finer = dir.resolve("finer.json");
        String cache = dir.resolve("cache").toString();
        assertThat(CliRun.of("evaluate", "--task", "T1", "--scenario", "t1-balanced", "--count", "40", "--seed", "93", "--model", MODELS,
                "--cache", cache, "--json", asTrained.toString()).code()).isZero();
        CliRun run = CliRun.of("evaluate", "--task", "T1", "--scenario", "t1-balanced", "--count", "40", "--seed", "93", "--model", MODELS,
                "--cache", cache, "--image-size", "256", "--pixel-size-nm", "0.125", "--dose", "2.5", "--json", finer.toString());
        assertThat(run.code()).isZero();
        JsonNode trained = JsonOutput.MAPPER.readTree(asTrained.toFile());
        JsonNode other = JsonOutput.MAPPER.readTree(finer.toFile());
        assertThat(other.path("conditions").path("pixelSizeNm").asDouble()).isEqualTo(0.125);
        assertThat(other.path("conditions").path("imageSize").asInt()).isEqualTo(256);
        assertThat(other.path("count").asInt()).isEqualTo(40);
        // every cuboid falls in one group by its cut corners hidden inside the outline (0, 1 or 2), and each group adds up
        JsonNode groups = trained.path("byHiddenCuts");
        assertThat(groups).hasSize(3);
        long grouped = 0;
        long right = 0;
        for (JsonNode g : groups) {
            grouped += g.path("count").asLong();
            right += Math.round(g.path("accuracy").asDouble(0) * g.path("count").asLong());
        }
        assertThat(grouped).isEqualTo(40);
        assertThat(right).isEqualTo(Math.round(trained.path("accuracy").asDouble() * 40));
        assertThat(groups.get(0).path("count").asLong()).as("the 20 uncut ones and more").isGreaterThanOrEqualTo(20);
        assertThat(other.path("accuracy").asDouble()).isGreaterThan(trained.path("accuracy").asDouble() - 0.1).isGreaterThan(0.8);
        // dose 40 that the images do not state, as a detector without a calibration gives them: read off the film
        Path unstated = dir.resolve("unstated.json");
        assertThat(CliRun.of("evaluate", "--task", "T1", "--scenario", "t1-balanced", "--count", "40", "--seed", "93", "--model", MODELS,
                "--cache", cache, "--dose", "40", "--dose-unstated", "--json", unstated.toString()).code()).isZero();
        JsonNode bright = JsonOutput.MAPPER.readTree(unstated.toFile());
        assertThat(bright.path("conditions").path("doseStated").asBoolean(true)).isFalse();
        assertThat(bright.path("accuracy").asDouble()).isGreaterThan(trained.path("accuracy").asDouble() - 0.1).isGreaterThan(0.8);
        CliRun huge = CliRun.of("evaluate", "--task", "T1", "--count", "4000", "--image-size", "2048", "--pixel-size-nm", "0.1", "--cache", cache);
        assertThat(huge.code()).as("refused before rendering, not an OutOfMemoryError").isEqualTo(2);
        assertThat(huge.err()).contains("4000 images of 2048 x 2048 need 32000 MiB").contains("lower --count or --image-size");
        CliRun multi = CliRun.of("evaluate", "--task", "T2-multi", "--dose", "20", "--cache", cache);
        assertThat(multi.errLines()).containsExactly("stem evaluate: --image-size, --pixel-size-nm, --dose and --dose-unstated apply to single-image tasks, not T2-multi");
    }
}
