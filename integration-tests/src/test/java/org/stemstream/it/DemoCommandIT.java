package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
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

    /**
     * {@code --watch DIR}: the acquisition feed runs inside the demo, beside a simulated campaign;
     * the files in the folder at the start (images, a multi-page TIFF stack, a broken file) are
     * answered before the demo exits, frame by frame.
     */
    @Test
    void demoClassifiesTheImagesDroppedIntoAWatchedFolder(KafkaConnection kafka, @TempDir Path dir) throws Exception {
        Path rendered = dir.resolve("rendered");
        assertThat(StemCli.commandLine().execute("simulate", "--out", rendered.toString(), "--count", "5", "--seed", "8")).isZero();
        Path watched = Files.createDirectories(dir.resolve("microscope"));
        Files.copy(rendered.resolve("img-000000.tif"), watched.resolve("a.tif"));
        Files.copy(rendered.resolve("img-000001.tif"), watched.resolve("b.tif"));
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream tiff = ImageIO.createImageOutputStream(watched.resolve("tilt.tif").toFile())) {
            writer.setOutput(tiff);
            writer.prepareWriteSequence(null);
            for (String frame : new String[] {"img-000002.tif", "img-000003.tif", "img-000004.tif"}) {
                writer.writeToSequence(new IIOImage(ImageIO.read(rendered.resolve(frame).toFile()), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        Files.write(watched.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 1, 2, 3});
        Path json = dir.resolve("summary.json");

        int code = StemCli.commandLine().execute("demo", "--bootstrap-servers", kafka.bootstrapServers(),
                "--schema-registry-url", kafka.schemaRegistryUrl(), "--requests", "10", "--seed", "9", "--watch", watched.toString(),
                "--pixel-size-nm", "0.25", "--json", json.toString(), "--exit-when-done", "--dashboard-port", "0", "--metrics-port", "0");
        assertThat(code).isZero();

        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.path("classifications").asLong()).as("the simulated campaign, counted apart").isEqualTo(10);
        JsonNode acquired = summary.path("acquired");
        assertThat(acquired.path("filesSent").asLong()).isEqualTo(3);
        assertThat(acquired.path("imagesSent").asLong()).as("the stack's three frames each").isEqualTo(5);
        assertThat(acquired.path("filesDeadLettered").asLong()).isEqualTo(1);
        assertThat(acquired.path("imagesAnswered").asLong()).isEqualTo(5);
        assertThat(acquired.path("objectsFused").asLong()).as("the stack, answered from its three frames").isEqualTo(1);
        assertThat(watched.resolve("sent/tilt.tif")).exists();
        assertThat(watched.resolve("failed/broken.tif")).exists();
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
