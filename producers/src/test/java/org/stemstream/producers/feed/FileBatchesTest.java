package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FileBatchesTest {
    @Test
    void batchesEndAtSixteenFilesOrOnceTheyReach128MiB() {
        List<Path> small = IntStream.range(0, 35).mapToObj(i -> Path.of("f" + i + ".tif")).toList();
        assertThat(FileBatches.of(small, p -> 1000)).extracting(List::size).containsExactly(16, 16, 3);

        long mib = 1024 * 1024;
        Map<String, Long> sizes = Map.of("a.dm4", 100 * mib, "b.dm4", 40 * mib, "c.tif", mib, "d.emd", 200 * mib, "e.tif", mib);
        List<Path> large = sizes.keySet().stream().sorted().map(Path::of).toList();
        assertThat(FileBatches.of(large, p -> sizes.get(p.toString()))).containsExactly(
                List.of(Path.of("a.dm4"), Path.of("b.dm4")), List.of(Path.of("c.tif"), Path.of("d.emd")), List.of(Path.of("e.tif")));
        assertThat(FileBatches.of(List.of(), p -> 1)).isEmpty();
    }
}
