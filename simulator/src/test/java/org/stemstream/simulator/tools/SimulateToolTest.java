package org.stemstream.simulator.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.io.ImageReaders;

class SimulateToolTest {

    @Test
    void parallelRenderingWritesTheSameBytesAsSequential(@TempDir Path dir) throws Exception {
        Path seq = dir.resolve("seq");
        Path par = dir.resolve("par");
        List<Integer> progress = new ArrayList<>();
        SimulateTool.run(Scenarios.named("t3-two-corners"), 12, 99, seq, progress::add, 1);
        SimulateTool.Summary summary = SimulateTool.run(Scenarios.named("t3-two-corners"), 12, 99, par, i -> { }, 3);
        assertThat(progress).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(summary.count()).isEqualTo(12);
        List<String> names;
        try (Stream<Path> files = Files.list(seq)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).hasSize(25).contains("img-000000.png", "img-000011.tif", "labels.jsonl");
        for (String name : names) {
            assertThat(Files.readAllBytes(par.resolve(name))).as(name).isEqualTo(Files.readAllBytes(seq.resolve(name)));
        }
    }

    @Test
    void labelsDescribeEachImage(@TempDir Path dir) throws Exception {
        SimulateTool.Summary s = SimulateTool.run(Scenarios.named("seed-benchmark"), 3, 5, dir, i -> { }, 2);
        List<String> lines = Files.readAllLines(s.labels());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("{\"index\":1,\"seed\":")
                .contains("\"png\":\"img-000001.png\",\"tiff\":\"img-000001.tif\"")
                .contains("\"shape\":\"cuboid\"", "\"deformedCount\":", "\"orientation\":{\"w\":",
                        "\"noise\":[{\"name\":\"carbon-film\"", "\"simulatorVersion\":");
        assertThat(ImageReaders.read(dir.resolve("img-000002.tif")).width()).isEqualTo(128);
    }

    /** The arrays hold what the TIFFs hold, image by image, and the targets what the labels say. */
    @Test
    void npyArraysHoldTheSameCountsAsTheTiffsAndTheTasksClasses(@TempDir Path dir) throws Exception {
        SimulateTool.run(Scenarios.named("t3-two-corners"), 4, 21, dir.resolve("files"), i -> { }, 2);
        SimulateTool.run(Scenarios.named("t3-two-corners"), 4, 21, dir.resolve("npy"), i -> { }, 2, SimulateTool.Format.NPY);

        try (Stream<Path> files = Files.list(dir.resolve("npy"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("images.npy", "targets.npy", "labels.jsonl");
        }
        java.nio.ByteBuffer images = data(dir.resolve("npy/images.npy"));
        assertThat(images.remaining()).isEqualTo(4 * 128 * 128 * 4);
        for (int i = 0; i < 4; i++) {
            float[] tiff = ImageReaders.read(dir.resolve("files").resolve(SimulateTool.stem(i) + ".tif")).pixels();
            float[] npy = new float[tiff.length];
            images.asFloatBuffer().position(i * tiff.length).get(npy);
            assertThat(npy).as("image %d", i).containsExactly(tiff);
        }
        java.nio.ByteBuffer targets = data(dir.resolve("npy/targets.npy"));
        List<String> labels = Files.readAllLines(dir.resolve("npy/labels.jsonl"));
        for (int i = 0; i < 4; i++) {
            // t3-two-corners: cuboids with exactly two deformed corners
            assertThat(targets.getInt(16 * i)).as("T1").isEqualTo(1);
            assertThat(targets.getInt(16 * i + 4)).as("T2").isEqualTo(2);
            String arrangement = labels.get(i).replaceAll(".*\"arrangement\":\"([A-Z_]+)\".*", "$1");
            assertThat(targets.getInt(16 * i + 8)).as("T3").isEqualTo(org.stemstream.simulator.Arrangement.valueOf(arrangement).ordinal());
            assertThat(targets.getInt(16 * i + 12)).as("T4: cuboid").isZero();
        }
    }

    /** A .npy file's data, after its header. */
    private static java.nio.ByteBuffer data(Path npy) throws Exception {
        byte[] bytes = Files.readAllBytes(npy);
        int header = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        return java.nio.ByteBuffer.wrap(bytes, 10 + header, bytes.length - 10 - header).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }
}
