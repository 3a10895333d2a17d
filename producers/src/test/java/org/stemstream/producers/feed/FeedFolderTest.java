package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedFolderTest {
    @TempDir
    Path dir;
    private FeedFolder folder;

    @BeforeEach
    void prepare() throws Exception {
        folder = new FeedFolder(dir, dir.resolve("sent"), dir.resolve("failed"));
        folder.prepare();
    }

    @Test
    void scansImagesOnlyWithTheirSidecarsState() throws Exception {
        for (String name : new String[] {"a.tif", "B.TIFF", "c.png", "d.tif.part", ".hidden.tif", "~lock.tif", "notes.txt", "a.json", "e.jpg"}) {
            Files.write(dir.resolve(name), new byte[] {1, 2, 3});
        }
        Files.createDirectories(dir.resolve("sub.tif"));
        Files.write(dir.resolve("sent").resolve("old.tif"), new byte[] {1});

        var scan = folder.scan();
        assertThat(scan.keySet()).extracting(p -> p.getFileName().toString()).containsExactly("B.TIFF", "a.tif", "c.png");
        assertThat(scan.get(dir.resolve("a.tif")).sidecarSize()).isEqualTo(3);
        assertThat(scan.get(dir.resolve("c.png")).sidecarSize()).isEqualTo(-1);
    }

    @Test
    void findsSidecarsByStemOrByFullName() throws Exception {
        Files.write(dir.resolve("a.tif"), new byte[] {1});
        Files.write(dir.resolve("b.png"), new byte[] {1});
        Files.writeString(dir.resolve("a.json"), "{}");
        Files.writeString(dir.resolve("b.png.json"), "{}");
        assertThat(FeedFolder.sidecarOf(dir.resolve("a.tif"))).contains(dir.resolve("a.json"));
        assertThat(FeedFolder.sidecarOf(dir.resolve("b.png"))).contains(dir.resolve("b.png.json"));
        assertThat(FeedFolder.sidecarOf(dir.resolve("c.png"))).isEmpty();
    }

    @Test
    void movesImageAndSidecarAndKeepsAnEarlierFileOfTheSameName() throws Exception {
        Files.write(dir.resolve("a.tif"), new byte[] {1});
        Files.writeString(dir.resolve("a.json"), "{}");
        folder.moveToSent(dir.resolve("a.tif"), FeedFolder.sidecarOf(dir.resolve("a.tif")), "acq-1");
        assertThat(dir.resolve("sent/a.tif")).hasBinaryContent(new byte[] {1});
        assertThat(dir.resolve("sent/a.json")).exists();
        assertThat(dir.resolve("a.tif")).doesNotExist();

        Files.write(dir.resolve("a.tif"), new byte[] {2});
        Files.writeString(dir.resolve("a.tif.json"), "{}");
        Path moved = folder.moveToSent(dir.resolve("a.tif"), FeedFolder.sidecarOf(dir.resolve("a.tif")), "acq-2");
        assertThat(moved).isEqualTo(dir.resolve("sent/a.acq-2.tif")).hasBinaryContent(new byte[] {2});
        assertThat(dir.resolve("sent/a.acq-2.tif.json")).exists();
        assertThat(dir.resolve("sent/a.tif")).hasBinaryContent(new byte[] {1});

        Files.write(dir.resolve("x.png"), new byte[] {3});
        folder.moveToFailed(dir.resolve("x.png"), Optional.empty(), "acq-3");
        assertThat(dir.resolve("failed/x.png")).exists();
    }

    @Test
    void anEarlierImagesSidecarIsKeptWhenAnotherImageOfTheSameStemArrives() throws Exception {
        Files.write(dir.resolve("a.png"), new byte[] {1});
        Files.writeString(dir.resolve("a.json"), "{\"sampleId\": \"first\"}");
        folder.moveToSent(dir.resolve("a.png"), FeedFolder.sidecarOf(dir.resolve("a.png")), "acq-1");

        Files.write(dir.resolve("a.tif"), new byte[] {2});
        Files.writeString(dir.resolve("a.json"), "{\"sampleId\": \"second\"}");
        Path moved = folder.moveToSent(dir.resolve("a.tif"), FeedFolder.sidecarOf(dir.resolve("a.tif")), "acq-2");

        assertThat(dir.resolve("sent/a.json")).hasContent("{\"sampleId\": \"first\"}");
        assertThat(moved).isEqualTo(dir.resolve("sent/a.acq-2.tif"));
        assertThat(dir.resolve("sent/a.acq-2.json")).hasContent("{\"sampleId\": \"second\"}");
    }

    @Test
    void aSidecarSharedByTwoImagesStaysForTheSecondAndMovesWithIt() throws Exception {
        Files.write(dir.resolve("a.png"), new byte[] {1});
        Files.write(dir.resolve("a.tif"), new byte[] {2});
        Files.writeString(dir.resolve("a.json"), "{}");
        assertThat(folder.moveToSent(dir.resolve("a.png"), FeedFolder.sidecarOf(dir.resolve("a.png")), "acq-1")).isEqualTo(dir.resolve("sent/a.png"));
        assertThat(dir.resolve("a.json")).as("a.tif still needs it").exists();
        assertThat(dir.resolve("sent/a.json")).doesNotExist();

        Path moved = folder.moveToSent(dir.resolve("a.tif"), FeedFolder.sidecarOf(dir.resolve("a.tif")), "acq-2");
        assertThat(moved).isEqualTo(dir.resolve("sent/a.tif"));
        assertThat(dir.resolve("sent/a.json")).exists();
        assertThat(dir.resolve("a.json")).doesNotExist();
    }

    @Test
    void aMoveStoppedBetweenItsTwoFilesLeavesTheImageNeverItsSidecar() throws Exception {
        AtomicInteger moves = new AtomicInteger();
        FeedFolder stopping = new FeedFolder(dir, dir.resolve("sent"), dir.resolve("failed"), (from, to) -> {
            if (moves.incrementAndGet() == 2) {
                throw new IOException("stopped");
            }
            return FeedFolder.moveReplacing(from, to);
        });
        Files.write(dir.resolve("a.tif"), new byte[] {1});
        Files.writeString(dir.resolve("a.json"), "{}");
        assertThatThrownBy(() -> stopping.moveToSent(dir.resolve("a.tif"), FeedFolder.sidecarOf(dir.resolve("a.tif")), "acq-1"))
                .hasMessage("stopped");
        assertThat(dir.resolve("a.json")).as("no sidecar for a later a.tif").doesNotExist();
        assertThat(dir.resolve("sent/a.json")).exists();
        assertThat(dir.resolve("a.tif")).exists();

        assertThat(folder.moveToSent(dir.resolve("a.tif"), Optional.empty(), "acq-1")).isEqualTo(dir.resolve("sent/a.tif"));
    }

    @Test
    void anImageWhoseSidecarWentAheadUnderItsIdFollowsUnderItsId() throws Exception {
        Files.writeString(dir.resolve("sent/a.json"), "{\"sampleId\": \"earlier\"}");
        Files.writeString(dir.resolve("sent/a.acq-2.json"), "{}"); // went ahead: sent/a.json was taken
        Files.write(dir.resolve("a.tif"), new byte[] {2});
        assertThat(folder.moveToSent(dir.resolve("a.tif"), Optional.empty(), "acq-2")).isEqualTo(dir.resolve("sent/a.acq-2.tif"));
    }

    @Test
    void aMissingFolderFailsFastWithItsPath() {
        FeedFolder missing = new FeedFolder(dir.resolve("nope"), dir.resolve("s"), dir.resolve("f"));
        assertThatThrownBy(missing::prepare).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
