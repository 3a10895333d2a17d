package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DroppedFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFileAndItsSidecarAndDerivesTheIdFromBoth() throws Exception {
        Path image = Files.write(dir.resolve("a.tif"), new byte[] {1, 2, 3, 4});
        Path sidecar = Files.writeString(dir.resolve("a.json"), "{\"dose\": 1}");
        DroppedFile plain = DroppedFile.read(image, Optional.empty(), 1000);
        DroppedFile withSidecar = DroppedFile.read(image, Optional.of(sidecar), 1000);

        assertThat(plain.head()).containsExactly(1, 2, 3, 4);
        assertThat(plain.size()).isEqualTo(4);
        assertThat(plain.oversized()).isFalse();
        assertThat(plain.sidecarBytes()).isNull();
        assertThat(plain.imageId()).isEqualTo(AcquiredImages.imageId("a.tif", AcquiredImages.sha256().digest(new byte[] {1, 2, 3, 4}), 4, null))
                .isEqualTo(DroppedFile.read(image, Optional.empty(), 1000).imageId());
        assertThat(withSidecar.sidecarBytes()).asString().isEqualTo("{\"dose\": 1}");
        assertThat(withSidecar.imageId()).isNotEqualTo(plain.imageId());
        assertThat(withSidecar.imageOnlyId()).as("the id it has once its sidecar is gone").isEqualTo(plain.imageId()).isEqualTo(plain.imageOnlyId());
    }

    @Test
    void anOversizedFileIsHashedWholeButFlagged() throws Exception {
        byte[] bytes = new byte[300_000];
        bytes[299_999] = 7;
        Path image = Files.write(dir.resolve("big.tif"), bytes);
        DroppedFile big = DroppedFile.read(image, Optional.empty(), 1000);

        assertThat(big.oversized()).isTrue();
        assertThat(big.size()).isEqualTo(300_000);
        assertThat(big.imageId()).isEqualTo(DroppedFile.read(image, Optional.empty(), 1_000_000).imageId());
    }
}
