package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ModelMetadata;

class QuantizeCommandTest {
    private static final Path SHIPPED = Path.of("..", "models", "stem-cnn");

    /** The shipped network without its scales, quantised again on a few rendered images. */
    @Test
    void writesTheScalesIntoTheModelsMetadataAndSaysWhatTheyChange(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        Files.copy(SHIPPED.resolve(ModelMetadata.MODEL_FILE), model.resolve(ModelMetadata.MODEL_FILE));
        ModelMetadata.read(SHIPPED.resolve(ModelMetadata.FILE)).withInt8(null).write(model.resolve(ModelMetadata.FILE));
        assertThat(CnnModel.load(model).precision()).isEqualTo(CnnModel.F32);
        Path json = dir.resolve("quantize.json");

        CliRun run = CliRun.of("quantize", "--model", model.toString(), "--count", "40", "--seed", "77",
                "--cache", dir.resolve("cache").toString(), "--json", json.toString());

        assertThat(run.code()).as(run.err()).isZero();
        ModelMetadata written = ModelMetadata.read(model.resolve(ModelMetadata.FILE));
        assertThat(written.int8().inputMaxima()).as("8 convolutions: 4 stages of 2").hasSize(8).allSatisfy(m -> assertThat(m).isPositive());
        assertThat(written.int8().calibration()).containsEntry("scenario", "seed-benchmark").containsEntry("seed", 77).containsEntry("count", 40);
        assertThat(written.training()).isEqualTo(ModelMetadata.read(SHIPPED.resolve(ModelMetadata.FILE)).training());
        assertThat(CnnModel.load(model).precision()).isEqualTo(CnnModel.INT8);
        JsonNode figures = JsonOutput.MAPPER.readTree(json.toFile());
        assertThat(figures.path("precision").asText()).isEqualTo("int8");
        for (String task : new String[] {"T1", "T2", "T3", "T4"}) {
            // 8-bit rounding changes a few borderline answers (about 2 % of the counts), not the model
            assertThat(figures.path("changedAnswers").path(task).asDouble()).as(task).isBetween(0.0, 0.15);
        }
        assertThat(run.out()).contains("int8 scales from 40 seed-benchmark images (seed 77)").contains("T2: ").contains("served in 8-bit integers");
    }

    @Test
    void aFolderWithoutAModelIsRefused(@TempDir Path dir) {
        CliRun run = CliRun.of("quantize", "--model", dir.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("stem quantize: --model: no model in " + dir);
        CliRun count = CliRun.of("quantize", "--count", "0");
        assertThat(count.errLines()).containsExactly("stem quantize: --count must be >= 1, got 0");
    }
}
