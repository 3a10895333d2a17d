package org.stemstream.producers.feed.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.DroppedFile;
import org.stemstream.producers.feed.FeedFolder;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.StemImage;

/** {@link AcquiredImages#decode} picks the reader by the file's content, and names the format its name promised when that fails. */
class FormatDispatchTest {
    private static final double[] PIXELS = {1, 2, 3, 4, 5, 6};

    private static byte[] dm4() {
        return DmSamples.file(4, ByteOrder.LITTLE_ENDIAN, DmSamples.image(DmSamples.DT_UINT16, new long[] {3, 2}, PIXELS,
                DmSamples.calibrations(0.3, "nm")));
    }

    private static byte[] mrc() {
        return MrcFile.of(3, 2, 6, MrcFile.words(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6)).cell(9f, 3, 6f, 2).bytes();
    }

    @Test
    void eachFormatIsReadByItsContentWhateverTheFileIsCalled() throws Exception {
        AcquiredImages.Decoded dm = AcquiredImages.decode(dm4(), "renamed.tif");
        assertThat(dm.format()).isEqualTo("dm4");
        assertThat(dm.image().pixels()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(dm.pixelSizeNm()).isEqualTo(0.3);

        AcquiredImages.Decoded map = AcquiredImages.decode(mrc(), "section.dat");
        assertThat(map.format()).isEqualTo(Mrc.FORMAT);
        assertThat(map.image().pixels()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(map.pixelSizeNm()).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aFileThatIsNotWhatItsNameSaysIsRefusedWithThatFormatsReason() {
        byte[] junk = new byte[2048];
        new Random(5).nextBytes(junk);
        assertThatThrownBy(() -> AcquiredImages.decode(junk, "scan.dm4")).isInstanceOf(RejectedFileException.class)
                .hasMessage("scan.dm4 does not start as a DM3 or DM4 file");
        assertThatThrownBy(() -> AcquiredImages.decode(junk, "scan.mrcs")).isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("scan.mrcs is not an MRC file");
        assertThatThrownBy(() -> AcquiredImages.decode(junk, "scan.emd")).isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("scan.emd is not an HDF5 file");
        assertThatThrownBy(() -> AcquiredImages.decode(junk, "scan.tif")).isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("expected TIFF, PNG, DM3/DM4, MRC or Velox EMD");
    }

    /** A spectrum image's file can be GB: over the feed's limit, a Velox file's image is read from disk; any other file is refused. */
    @Test
    void aVeloxFileOverTheFeedsLimitIsReadFromDiskAndAnyOtherRefused(@TempDir Path dir) throws Exception {
        int[][] counts = {{2000, 2001, 2002}, {2003, 2004, 2005}};
        Path velox = dir.resolve("si.emd");
        Files.write(velox, VeloxFile.of(VeloxFile.image("HAADF", counts).unsigned()).withSpectrumStream().bytes());
        DroppedFile large = DroppedFile.read(velox, Optional.empty(), 1024);
        assertThat(large.oversized()).as("over a 1 kB limit").isTrue();

        List<StemImage> images = AcquiredImages.of(large, Double.NaN, 0, "lab", Instant.EPOCH);

        assertThat(Pixels.decode(images.get(0))).containsExactly(2000, 2001, 2002, 2003, 2004, 2005);
        assertThat(images.get(0).getPixelSizeNm()).as("its own calibration").isEqualTo(0.25);
        Path tiff = dir.resolve("big.tif");
        Files.write(tiff, org.stemstream.simulator.io.TiffWriter.encode(org.stemstream.simulator.Image.of(40, 40, new float[1600]),
                org.stemstream.simulator.io.PixelScaling.COUNTS, null));
        assertThatThrownBy(() -> AcquiredImages.of(DroppedFile.read(tiff, Optional.empty(), 1024), 0.25, 0, "lab", Instant.EPOCH))
                .isInstanceOf(RejectedFileException.class).hasMessageContaining("no publishable image comes from a file over");
    }

    @Test
    void theFeedTakesEveryFormatItReadsByItsExtension() {
        for (String name : new String[] {"a.tif", "a.TIFF", "a.png", "a.dm3", "a.DM4", "a.mrc", "a.mrcs", "a.emd", "a.EMD"}) {
            assertThat(FeedFolder.isImageName(Path.of(name))).as(name).isTrue();
        }
        assertThat(FeedFolder.isImageName(Path.of("a.dm4.part"))).isFalse();
    }
}
