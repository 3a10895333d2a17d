package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    private static final String MODELS = Path.of("..", "models", "stem-cnn").toString();

    /** {@code simulate}'s 16-bit TIFFs of t1-balanced, with their truth: deformed or not, by file name. */
    private static Map<String, Boolean> simulate(Path dir, int count, long seed) throws Exception {
        assertThat(CliRun.of("simulate", "--out", dir.toString(), "--count", String.valueOf(count), "--scenario", "t1-balanced",
                "--seed", String.valueOf(seed)).code()).isZero();
        Map<String, Boolean> deformed = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("labels.jsonl"))) {
            JsonNode label = JsonOutput.MAPPER.readTree(line);
            Files.delete(dir.resolve(label.path("png").asText())); // the TIFFs hold the counts
            deformed.put(label.path("tiff").asText(), label.path("deformedCount").asInt() > 0);
        }
        return deformed;
    }

    @Test
    void scoresAFoldersImagesAsTheClassifierWouldAndWritesEachAnswer(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        Map<String, Boolean> deformed = simulate(images, 24, 31);
        Path out = dir.resolve("answers.jsonl");
        Path json = dir.resolve("figures.json");
        CliRun run = CliRun.of("predict", images.toString(), "--pixel-size-nm", "0.25", "--models", MODELS,
                "--out", out.toString(), "--json", json.toString());

        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(24);
        int right = 0;
        for (String line : lines) {
            JsonNode answer = JsonOutput.MAPPER.readTree(line);
            String file = Path.of(answer.path("file").asText()).getFileName().toString();
            assertThat(answer.path("model").asText()).isEqualTo("stem-cnn");
            JsonNode t1 = answer.path("predictions").path("T1");
            assertThat(t1.path("probabilities").path("deformed").asDouble() + t1.path("probabilities").path("not-deformed").asDouble())
                    .isBetween(0.999, 1.001);
            right += t1.path("predicted").asText().equals("deformed") == deformed.get(file) ? 1 : 0;
        }
        // the shipped model: T1 about 94 % held-out; 24 images leave a wide margin
        assertThat(right).as("T1 right of 24").isGreaterThanOrEqualTo(18);
        assertThat(run.out()).contains("img-000000.tif:  T1 ");
        JsonNode figures = JsonOutput.MAPPER.readTree(json.toFile());
        assertThat(figures.path("scored").asInt()).isEqualTo(24);
        assertThat(figures.path("failed").asInt()).isZero();
    }

    /** Two images whose sidecars name one object: each answered, and the object answered from both, fused as the fusion stage fuses. */
    @Test
    void imagesOfOneObjectAreAlsoAnsweredTogether(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        simulate(images, 2, 34);
        for (String view : new String[] {"view-1", "view-2"}) {
            Files.copy(images.resolve("img-000000.tif"), images.resolve(view + ".tif"));
            Files.writeString(images.resolve(view + ".json"), "{\"objectId\": \"particle-7\", \"pixelSizeNm\": 0.25}");
        }
        Path out = dir.resolve("answers.jsonl");
        Path json = dir.resolve("figures.json");
        CliRun run = CliRun.of("predict", images.toString(), "--models", MODELS, "--pixel-size-nm", "0.25", "--out", out.toString(),
                "--json", json.toString());

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> lines = TestFiles.jsonLines(out);
        assertThat(lines).hasSize(5);
        JsonNode single = lines.stream().filter(l -> l.path("file").asText().endsWith("view-1.tif")).findFirst().orElseThrow();
        JsonNode object = lines.get(4);
        assertThat(object.path("objectId").asText()).isEqualTo("particle-7");
        assertThat(object.path("files")).extracting(JsonNode::asText).allSatisfy(f -> assertThat(f).contains("view-"));
        // the same image twice: each class's probability squared, renormalised, so the answer stays and grows surer
        JsonNode fusedT2 = object.path("predictions").path("T2");
        String k = single.path("predictions").path("T2").path("predicted").asText();
        assertThat(fusedT2.path("predicted").asText()).isEqualTo(k);
        assertThat(fusedT2.path("probabilities").path(k).asDouble())
                .isGreaterThanOrEqualTo(single.path("predictions").path("T2").path("probabilities").path(k).asDouble());
        assertThat(run.out()).contains("object particle-7, 2 views fused:  T1 ");
        assertThat(JsonOutput.MAPPER.readTree(json.toFile()).path("objectsFused").asInt()).isEqualTo(1);
    }

    /** Files of one name in two folders, without sidecars, are two objects: only an object id a sidecar names joins folders. */
    @Test
    void filesOfOneNameInTwoFoldersAreNotFused(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        simulate(images, 2, 36);
        for (String folder : new String[] {"a", "b"}) {
            Files.createDirectories(dir.resolve(folder));
            Files.copy(images.resolve(folder.equals("a") ? "img-000000.tif" : "img-000001.tif"), dir.resolve(folder).resolve("scan.tif"));
        }
        CliRun run = CliRun.of("predict", dir.resolve("a").toString(), dir.resolve("b").toString(), "--models", MODELS,
                "--pixel-size-nm", "0.25");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("views fused");
    }

    /** A multi-page TIFF is a stack: each frame answered, then the frames fused as the views of one object. */
    @Test
    void aStacksFramesAreAnsweredOneByOneAndTogether(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        simulate(images, 2, 35);
        Path stack = dir.resolve("stack.tif");
        TestFiles.multiPageTiff(stack, List.of(ImageIO.read(images.resolve("img-000000.tif").toFile()),
                ImageIO.read(images.resolve("img-000001.tif").toFile())));
        Path out = dir.resolve("answers.jsonl");
        CliRun run = CliRun.of("predict", stack.toString(), "--models", MODELS, "--pixel-size-nm", "0.25", "--out", out.toString());

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> lines = TestFiles.jsonLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2)).extracting(l -> l.path("frame").asInt()).containsExactly(0, 1);
        assertThat(lines.subList(0, 2)).extracting(l -> l.path("frames").asInt()).containsOnly(2);
        assertThat(lines.get(2).path("objectId").asText()).matches("stack\\.tif@[0-9a-f]{8}");
        assertThat(lines.get(2).path("files")).extracting(JsonNode::asText).containsExactly(stack + "[0]", stack + "[1]");
        assertThat(run.out()).contains(stack + "[1]:  T1 ").containsPattern("object stack\\.tif@[0-9a-f]{8}, 2 views fused:");
    }

    @Test
    void aFileThatCannotBeScoredIsReportedWithItsReasonAndTheOthersAreScored(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        simulate(images, 2, 32);
        Files.write(images.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 1, 2});
        Files.copy(images.resolve("img-000000.tif"), images.resolve("coarse.tif"));
        Files.writeString(images.resolve("coarse.json"), "{\"pixelSizeNm\": 0.6}");
        Path out = dir.resolve("answers.jsonl");
        CliRun run = CliRun.of("predict", images.toString(), "--pixel-size-nm", "0.25", "--models", MODELS, "--out", out.toString());

        assertThat(run.code()).as("some files failed").isEqualTo(1);
        Map<String, JsonNode> byFile = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode answer = JsonOutput.MAPPER.readTree(line);
            byFile.put(Path.of(answer.path("file").asText()).getFileName().toString(), answer);
        }
        assertThat(byFile).containsOnlyKeys("broken.tif", "coarse.tif", "img-000000.tif", "img-000001.tif");
        assertThat(byFile.get("broken.tif").path("error").asText()).contains("broken.tif");
        assertThat(byFile.get("coarse.tif").path("error").asText()).contains("0.6 nm pixels, more than 2 times the model's 0.25 nm");
        assertThat(byFile.get("img-000001.tif").path("predictions").path("T2").path("predicted").asText()).isNotEmpty();
        assertThat(run.out()).contains("2 scored, 2 failed");

        CliRun noPixelSize = CliRun.of("predict", images.resolve("img-000000.tif").toString(), "--models", MODELS);
        assertThat(noPixelSize.code()).isEqualTo(1);
        assertThat(noPixelSize.out()).contains("img-000000.tif states no pixel size (no sidecar pixelSizeNm, no calibration in the file): give --pixel-size-nm");
    }

    @Test
    void theFitAnswersWithoutAModel(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        simulate(images, 1, 33);
        Path out = dir.resolve("answers.jsonl");
        CliRun run = CliRun.of("predict", images.resolve("img-000000.tif").toString(), "--pixel-size-nm", "0.25", "--method", "fit",
                "--dark-counts", "0.5", "--out", out.toString());

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode answer = JsonOutput.MAPPER.readTree(Files.readAllLines(out).get(0));
        assertThat(answer.path("model").asText()).isEqualTo("stem-fit");
        assertThat(answer.path("darkCounts").asDouble()).isEqualTo(0.5);
        assertThat(answer.path("predictions").path("T2").path("probabilities").size()).isEqualTo(9);
        assertThat(CliRun.of("predict", images.toString(), "--method", "fit", "--tta").errLines())
                .containsExactly("stem predict: --tta applies to --method cnn; the fit has no trained model");
    }
}
