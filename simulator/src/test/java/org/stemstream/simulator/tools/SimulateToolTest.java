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
}
