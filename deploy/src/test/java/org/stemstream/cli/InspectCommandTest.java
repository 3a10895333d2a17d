package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    private static BufferedImage grey16(int w, int h, int value) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bi.getRaster().setSample(x, y, 0, value);
            }
        }
        return bi;
    }

    private static void tiff(Path file, BufferedImage... pages) throws Exception {
        TestFiles.multiPageTiff(file, List.of(pages));
    }

    @Test
    void eachFileIsShownAsTheFeedWouldPublishItOrWithTheReasonItWouldBeRefused(@TempDir Path dir) throws Exception {
        tiff(dir.resolve("a.tif"), grey16(40, 30, 7));
        Files.writeString(dir.resolve("a.json"), "{\"pixelSizeNm\": 0.1, \"objectId\": \"p-1\"}");
        tiff(dir.resolve("tilt.tif"), grey16(20, 20, 1), grey16(20, 20, 2), grey16(20, 20, 3));
        tiff(dir.resolve("big.tif"), grey16(2048, 2048, 5)); // 8 MiB of counts: over a record, binned
        Files.write(dir.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 9, 9});
        Path json = dir.resolve("inspect.json");

        CliRun run = CliRun.of("inspect", dir.toString(), "--pixel-size-nm", "0.05", "--json", json.toString());

        assertThat(run.code()).as("a file would be refused").isEqualTo(1);
        assertThat(run.out()).contains("broken.tif: refused: cannot decode broken.tif").contains("4 file(s): 3 readable, 1 refused");
        Map<String, JsonNode> items = new HashMap<>();
        JsonOutput.MAPPER.readTree(json.toFile()).path("items")
                .forEach(i -> items.put(Path.of(i.path("file").asText()).getFileName().toString(), i));
        JsonNode a = items.get("a.tif");
        assertThat(a.path("pixelSizeNm").asDouble()).isEqualTo(0.1);
        assertThat(a.path("pixelSizeFrom").asText()).isEqualTo("sidecar");
        assertThat(a.path("objectId").asText()).isEqualTo("p-1");
        assertThat(a.path("width").asInt()).isEqualTo(40);
        assertThat(items.get("tilt.tif").path("frames").asInt()).isEqualTo(3);
        assertThat(items.get("tilt.tif").path("pixelSizeFrom").asText()).isEqualTo("--pixel-size-nm");
        JsonNode big = items.get("big.tif");
        assertThat(big.path("binned").asInt()).isEqualTo(2);
        assertThat(big.path("publishedWidth").asInt()).isEqualTo(1024);
        assertThat(big.path("pixelSizeNm").asDouble()).isEqualTo(0.1);
        assertThat(items.get("broken.tif").path("refused").asText()).contains("broken.tif");
    }

    /** Pixels more than twice the shipped model's 0.25 nm: the feed publishes them, the classifier would refuse them. */
    @Test
    void aFileTooCoarseForTheModelIsFlagged(@TempDir Path dir) throws Exception {
        tiff(dir.resolve("fine.tif"), grey16(8, 8, 1));
        tiff(dir.resolve("coarse.tif"), grey16(8, 8, 1));
        Files.writeString(dir.resolve("coarse.json"), "{\"pixelSizeNm\": 0.6}");

        CliRun run = CliRun.of("inspect", dir.toString(), "--pixel-size-nm", "0.25", "--models", Path.of("..", "models", "stem-cnn").toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("coarse.tif: TIF").contains("the classifier would refuse it: 0.6 nm pixels, more than 2 times the model's 0.25 nm")
                .contains("2 file(s): 2 readable, 0 refused; the classifier would refuse 1 of the readable");
        assertThat(run.out().lines().filter(l -> l.contains("fine.tif"))).singleElement().asString().doesNotContain("refuse");
    }

    /** With --recursive the subfolders' images are read too, but for hidden folders; without, only the folder's own. */
    @Test
    void subfoldersAreReadOnlyWhenAskedAndHiddenOnesNever(@TempDir Path dir) throws Exception {
        tiff(dir.resolve("top.tif"), grey16(8, 8, 1));
        tiff(Files.createDirectories(dir.resolve("session-2/grid-1")).resolve("deep.tif"), grey16(8, 8, 2));
        tiff(Files.createDirectories(dir.resolve(".cache")).resolve("hidden.tif"), grey16(8, 8, 3));

        CliRun flat = CliRun.of("inspect", dir.toString(), "--pixel-size-nm", "0.2");
        CliRun deep = CliRun.of("inspect", "--recursive", dir.toString(), "--pixel-size-nm", "0.2");

        assertThat(flat.out()).contains("top.tif").doesNotContain("deep.tif").contains("1 file(s)");
        assertThat(deep.out()).contains("top.tif").contains("deep.tif").doesNotContain("hidden.tif").contains("2 file(s)");
    }
}
