package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.io.PngWriter;

class AcquiredImagesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static StemImage map(byte[] file, String name, Sidecar sidecar) throws RejectedFileException {
        return AcquiredImages.toStemImage("acq-1", name, AcquiredImages.decode(file, name), sidecar, 0.25, "lab", NOW);
    }

    @Test
    void a16BitTiffBecomesAnAcquiredUint16ImageWithItsExactCounts() throws Exception {
        float[] counts = TestImages.ramp(40, 30, 53);
        StemImage image = map(TestImages.tiff16(40, 30, counts), "grid-3_0007.tif", Sidecar.NONE);

        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(30);
        assertThat(image.getEncoding()).isEqualTo(PixelEncoding.UINT16);
        assertThat(Pixels.decode(image)).containsExactly(counts);
        assertThat(image.getSource()).isEqualTo(ImageSource.ACQUIRED);
        assertThat(image.getTruth()).isNull();
        assertThat(image.getRequestId()).isNull();
        assertThat(image.getImaging()).isNull();
        assertThat(image.getImageId()).isEqualTo("acq-1");
        assertThat(image.getObjectId()).isEqualTo("grid-3_0007.tif@acq-1");
        assertThat(image.getCampaignId()).isEqualTo("lab");
        assertThat(image.getPixelSizeNm()).isEqualTo(0.25);
        assertThat(image.getProvenance()).singleElement().satisfies(step -> {
            assertThat(step.getStage()).isEqualTo(AcquisitionFeed.STAGE);
            assertThat(step.getName()).isEqualTo("acquired");
            assertThat(step.getParameters()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("bits", 16.0));
        });
        assertThat(image.getTimestamps()).singleElement().satisfies(t -> {
            assertThat(t.getStage()).isEqualTo(AcquisitionFeed.STAGE);
            assertThat(t.getAtMillis()).isEqualTo(NOW);
        });
    }

    @Test
    void theSidecarsPixelSizeComesBeforeTheFilesOwnCalibrationAndThatBeforeTheDefault() throws Exception {
        AcquiredImages.Decoded calibrated = new AcquiredImages.Decoded(Image.wrap(2, 2, new float[] {1, 2, 3, 4}), 16,
                PixelEncoding.UINT16, "dm4", 0.31);
        StemImage fromSidecar = AcquiredImages.toStemImage("acq-1", "a.dm4", calibrated, new Sidecar(0.12, null, null), 0.25, "lab", NOW);
        StemImage fromFile = AcquiredImages.toStemImage("acq-1", "a.dm4", calibrated, Sidecar.NONE, 0.25, "lab", NOW);
        StemImage noDefault = AcquiredImages.toStemImage("acq-1", "a.dm4", calibrated, Sidecar.NONE, Double.NaN, "lab", NOW);

        assertThat(fromSidecar.getPixelSizeNm()).isEqualTo(0.12);
        assertThat(fromFile.getPixelSizeNm()).isEqualTo(0.31);
        assertThat(noDefault.getPixelSizeNm()).isEqualTo(0.31);
        assertThat(fromSidecar.getProvenance().get(0).getParameters()).as("recorded even when the sidecar overrides it")
                .containsEntry("fileCalibrationNm", 0.31);
        AcquiredImages.Decoded uncalibrated = new AcquiredImages.Decoded(calibrated.image(), 16, PixelEncoding.UINT16, "dm4", null);
        assertThat(AcquiredImages.toStemImage("acq-1", "a.dm4", uncalibrated, Sidecar.NONE, 0.25, "lab", NOW).getPixelSizeNm()).isEqualTo(0.25);
        assertThatThrownBy(() -> AcquiredImages.toStemImage("acq-1", "a.dm4", uncalibrated, Sidecar.NONE, Double.NaN, "lab", NOW))
                .isInstanceOf(RejectedFileException.class).hasMessageContaining("a.dm4 states no pixel size");
        assertThatThrownBy(() -> new AcquiredImages.Decoded(calibrated.image(), 16, PixelEncoding.UINT16, "dm4", -0.1))
                .hasMessageContaining("-0.1");
    }

    @Test
    void aStacksFramesBecomeTheViewsOfOneObjectEachWithItsOwnImageId() throws Exception {
        List<Image> frames = List.of(Image.wrap(3, 2, new float[] {1, 2, 3, 4, 5, 6}), Image.wrap(3, 2, new float[] {10, 20, 30, 40, 50, 60}),
                Image.wrap(3, 2, new float[] {7, 7, 7, 7, 7, 7}));
        AcquiredImages.Decoded stack = new AcquiredImages.Decoded(frames, 16, PixelEncoding.UINT16, "mrc", 0.2);
        Sidecar dark = new Sidecar(null, null, "grid-1", null, null, 1.0);

        List<StemImage> images = AcquiredImages.toStemImages("acq-9", "tilt.mrc", stack, dark, Double.NaN, "lab", NOW);

        assertThat(images).extracting(StemImage::getImageId).containsExactly("acq-9-f0", "acq-9-f1", "acq-9-f2");
        assertThat(images).extracting(StemImage::getObjectId).containsOnly("grid-1/tilt.mrc@acq-9");
        assertThat(images).extracting(StemImage::getViewIndex).containsExactly(0, 1, 2);
        assertThat(images).extracting(StemImage::getViewsExpected).containsOnly(3);
        assertThat(Pixels.decode(images.get(1))).as("its own frame, less the dark level").containsExactly(9, 19, 29, 39, 49, 59);
        assertThat(images.get(2).getProvenance().get(0).getParameters()).containsEntry("frame", 2.0).containsEntry("frames", 3.0)
                .containsEntry("darkCounts", 1.0).containsEntry("fileCalibrationNm", 0.2);
        assertThatThrownBy(() -> AcquiredImages.toStemImage("acq-9", "tilt.mrc", stack, dark, Double.NaN, "lab", NOW))
                .hasMessageContaining("3 frames");
        assertThatThrownBy(() -> new AcquiredImages.Decoded(List.of(frames.get(0), Image.wrap(2, 3, new float[6])), 16, PixelEncoding.UINT16, "mrc", null))
                .hasMessageContaining("2x3 beside 3x2");
        assertThatThrownBy(() -> new AcquiredImages.Decoded(java.util.Collections.nCopies(AcquiredImages.MAX_FRAMES + 1, frames.get(0)), 16,
                PixelEncoding.UINT16, "mrc", null)).hasMessageContaining("got " + (AcquiredImages.MAX_FRAMES + 1));
    }

    @Test
    void filesOfOneNameAreOneObjectOnlyWhenTheirBytesAreTheSame(@TempDir Path dir) throws Exception {
        Path scan = dir.resolve("Image.tif");
        Files.write(scan, TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 5)));
        String first = objectIdOf(scan);
        assertThat(objectIdOf(scan)).as("the same file read again (a restart)").isEqualTo(first);
        Files.write(scan, TestImages.tiff16(8, 8, TestImages.ramp(8, 8, 6)));
        assertThat(objectIdOf(scan)).as("another Image.tif dropped later: its own object, not a late view of the first")
                .startsWith("Image.tif@").isNotEqualTo(first);
    }

    private static String objectIdOf(Path file) throws Exception {
        DroppedFile dropped = DroppedFile.read(file, Optional.empty(), AcquiredImages.MAX_FILE_BYTES);
        return AcquiredImages.of(dropped, 0.25, 0, "lab", NOW).get(0).getObjectId();
    }

    @Test
    void a16BitPngCarriesTheSidecarsPixelSizeDoseAndSampleId() throws Exception {
        float[] counts = TestImages.ramp(33, 17, 1999);
        StemImage image = map(TestImages.png16(33, 17, counts), "scan.png", new Sidecar(0.11, 3.5e4, "sample-A"));

        assertThat(image.getEncoding()).isEqualTo(PixelEncoding.UINT16);
        assertThat(Pixels.decode(image)).containsExactly(counts);
        assertThat(image.getPixelSizeNm()).isEqualTo(0.11);
        assertThat(image.getObjectId()).isEqualTo("sample-A/scan.png@acq-1");
        assertThat(map(TestImages.png16(33, 17, counts), "scan.png", new Sidecar(0.11, 3.5e4, "sample-A", "particle-9", null)).getObjectId())
                .isEqualTo("particle-9");
        assertThat(image.getImaging()).as("no calibration: the classifier estimates the dose").isNull();
        assertThat(map(TestImages.png16(33, 17, counts), "scan.png", new Sidecar(0.11, null, null, null, 8.5)).getImaging().getDose())
                .as("the calibration is the dose the classifier scales to its model's").isEqualTo(8.5);
        assertThat(image.getProvenance().get(0).getParameters()).containsEntry("dose", 3.5e4).containsEntry("bits", 16.0);
        assertThat(image.getPixels().order(ByteOrder.LITTLE_ENDIAN).remaining()).isEqualTo(33 * 17 * 2);
    }

    @Test
    void aDarkLevelIsSubtractedFromEveryPixelAndRecorded() throws Exception {
        float[] counts = TestImages.ramp(33, 17, 1999);
        StemImage image = map(TestImages.png16(33, 17, counts), "scan.png", new Sidecar(null, null, null, null, null, 100.0));

        float[] above = Pixels.decode(image);
        assertThat(image.getEncoding()).as("counts below the dark level read below 0").isEqualTo(PixelEncoding.FLOAT32);
        for (int i = 0; i < counts.length; i++) {
            assertThat(above[i]).isEqualTo(counts[i] - 100);
        }
        assertThat(image.getProvenance().get(0).getParameters()).containsEntry("darkCounts", 100.0);
        assertThat(map(TestImages.png16(33, 17, counts), "scan.png", new Sidecar(null, null, null, null, null, 0.0)).getEncoding())
                .as("a dark level of 0 changes nothing").isEqualTo(PixelEncoding.UINT16);
    }

    @Test
    void eightBitGreyIsPublishedAsUint16AndColourAsTheFloatMeanOfItsBands() throws Exception {
        float[] ramp = TestImages.ramp(16, 8, 1);
        BufferedImage grey = PngWriter.toGray8(Image.of(16, 8, ramp));
        StemImage eight = map(TestImages.encode(grey, "png"), "preview.png", Sidecar.NONE);
        assertThat(eight.getEncoding()).isEqualTo(PixelEncoding.UINT16);
        assertThat(eight.getProvenance().get(0).getParameters()).containsEntry("bits", 8.0);

        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x0a1400); // r=10 g=20 b=0
        rgb.setRGB(1, 0, 0xffffff);
        StemImage colour = map(TestImages.encode(rgb, "png"), "rgb.png", Sidecar.NONE);
        assertThat(colour.getEncoding()).isEqualTo(PixelEncoding.FLOAT32);
        assertThat(Pixels.decode(colour)).containsExactly(10f, 255f);
    }

    @Test
    void unreadableFilesAreRejectedWithTheirName() {
        byte[] random = new byte[4096];
        new Random(3).nextBytes(random);
        assertThatThrownBy(() -> AcquiredImages.decode(random, "noise.tif")).isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("noise.tif").hasMessageContaining("expected TIFF, PNG, DM3/DM4, MRC or Velox EMD");
        byte[] png = TestImages.png16(64, 64, TestImages.ramp(64, 64, 7));
        assertThatThrownBy(() -> AcquiredImages.decode(TestImages.truncated(png), "cut.png")).isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("cannot decode cut.png");
        byte[] tiff = TestImages.tiff16(64, 64, TestImages.ramp(64, 64, 7));
        assertThatThrownBy(() -> AcquiredImages.decode(TestImages.truncated(tiff), "cut.tif")).isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("cut.tif");
        assertThatThrownBy(() -> AcquiredImages.decode(new byte[0], "empty.tif")).isInstanceOf(RejectedFileException.class);
    }

    @Test
    void jpegAndPaletteImagesAreRefused() {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        assertThatThrownBy(() -> AcquiredImages.decode(TestImages.encode(grey, "jpeg"), "x.tif"))
                .hasMessageContaining("JPEG").hasMessageContaining("TIFF, PNG, DM3/DM4, MRC and Velox EMD only");
        BufferedImage indexed = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
        assertThatThrownBy(() -> AcquiredImages.decode(TestImages.encode(indexed, "png"), "p.png")).hasMessageContaining("palette");
    }

    @Test
    void lowBitGreyImagesAreGreyLevelsNotAPalette() throws Exception {
        // a 2-bit grey ramp, as the JDK reads 1-, 2- and 4-bit grey PNGs
        byte[] levels = {0, (byte) 85, (byte) 170, (byte) 255};
        java.awt.image.IndexColorModel ramp = new java.awt.image.IndexColorModel(2, 4, levels, levels, levels);
        BufferedImage twoBit = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_BINARY, ramp);
        for (int x = 0; x < 4; x++) {
            twoBit.getRaster().setSample(x, 0, 0, x);
            twoBit.getRaster().setSample(x, 1, 0, 3 - x);
        }
        AcquiredImages.Decoded decoded = AcquiredImages.decode(TestImages.encode(twoBit, "png"), "two-bit.png");
        assertThat(decoded.encoding()).isEqualTo(org.stemstream.schemas.avro.PixelEncoding.UINT16);
        assertThat(decoded.bitsPerSample()).isEqualTo(2);
        assertThat(decoded.image().pixels()).containsExactly(0f, 1f, 2f, 3f, 3f, 2f, 1f, 0f);
    }

    @Test
    void aHeaderClaimingAHugeImageIsRefusedBeforeDecoding() {
        byte[] tiff = TestImages.tiff16(4, 4, TestImages.ramp(4, 4, 1));
        ByteBuffer b = ByteBuffer.wrap(tiff).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(18, 100_000); // ImageWidth, the first IFD entry's value
        b.putInt(30, 100_000); // ImageLength, the second
        assertThatThrownBy(() -> AcquiredImages.decode(tiff, "huge.tif")).isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("100000x100000").hasMessageContaining(Long.toString(AcquiredImages.MAX_PIXELS));
    }

    @Test
    void imageIdsAreDeterministicAndChangeWithNameSizeContentOrSidecar() {
        byte[] h = AcquiredImages.sha256().digest(new byte[] {1, 2, 3});
        byte[] other = AcquiredImages.sha256().digest(new byte[] {1, 2, 4});
        byte[] side = AcquiredImages.sha256().digest(new byte[] {9});
        String id = AcquiredImages.imageId("a.tif", h, 3, null);
        assertThat(id).startsWith("acq-").hasSize(36).isEqualTo(AcquiredImages.imageId("a.tif", h.clone(), 3, null));
        assertThat(AcquiredImages.imageId("b.tif", h, 3, null)).isNotEqualTo(id);
        assertThat(AcquiredImages.imageId("a.tif", h, 4, null)).isNotEqualTo(id);
        assertThat(AcquiredImages.imageId("a.tif", other, 3, null)).isNotEqualTo(id);
        assertThat(AcquiredImages.imageId("a.tif", h, 3, side)).isNotEqualTo(id);
    }

    @Test
    void theStemDropsOnlyTheLastExtension() {
        assertThat(AcquiredImages.stem("a.b.tif")).isEqualTo("a.b");
        assertThat(AcquiredImages.stem("noext")).isEqualTo("noext");
        assertThat(AcquiredImages.stem(".hidden")).isEqualTo(".hidden");
    }
}
