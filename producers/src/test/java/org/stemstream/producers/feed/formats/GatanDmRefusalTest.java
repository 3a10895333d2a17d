package org.stemstream.producers.feed.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.stemstream.producers.feed.formats.DmFiles.FLOAT32;
import static org.stemstream.producers.feed.formats.DmFiles.INT32;
import static org.stemstream.producers.feed.formats.DmFiles.entry;
import static org.stemstream.producers.feed.formats.DmFiles.group;
import static org.stemstream.producers.feed.formats.DmFiles.item;
import static org.stemstream.producers.feed.formats.DmFiles.number;
import static org.stemstream.producers.feed.formats.DmFiles.raw;
import static org.stemstream.producers.feed.formats.DmSamples.DT_COMPLEX64;
import static org.stemstream.producers.feed.formats.DmSamples.DT_FLOAT32;
import static org.stemstream.producers.feed.formats.DmSamples.DT_RGBA;
import static org.stemstream.producers.feed.formats.DmSamples.DT_UINT16;
import static org.stemstream.producers.feed.formats.DmSamples.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.RejectedFileException;

/**
 * Files the feed must refuse, each with a reason that names the file and what is wrong; and
 * hostile files that must not hang it, overflow its stack or exhaust its memory.
 */
class GatanDmRefusalTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static byte[] uint16File(int version, long... dims) {
        long pixels = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        return DmSamples.file(version, LE, image(DT_UINT16, dims, new double[(int) pixels], null));
    }

    /** The reason {@code file} is refused; fails unless it is a refusal that names the file. */
    private static String refusal(byte[] file, String name) {
        Throwable t = catchThrowable(() -> GatanDm.decode(file, name));
        assertThat(t).isInstanceOf(RejectedFileException.class).hasMessageContaining(name);
        return t.getMessage();
    }

    @Test
    void aStackIsReadFrameByFrameUpToTheFeedsLimit() throws Exception {
        double[] pixels = new double[4 * 3 * 5];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i; // x fastest, then y, then the frame
        }
        byte[] file = DmSamples.file(4, LE, image(DmSamples.DT_UINT16, new long[] {4, 3, 5}, pixels, DmSamples.calibrations(
                DmSamples.Axis.of(0.2f, "nm"), DmSamples.Axis.of(0.2f, "nm"), DmSamples.Axis.of(1, "s"))));

        AcquiredImages.Decoded stack = GatanDm.decode(file, "series.dm4");

        assertThat(stack.frames()).hasSize(5);
        assertThat(stack.frames().get(3).pixels()).containsExactly(36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47);
        assertThat(stack.pixelSizeNm()).isEqualTo(0.2);
        assertThat(refusal(uint16File(4, 2, 2, AcquiredImages.MAX_FRAMES + 1), "movie.dm4"))
                .isEqualTo("movie.dm4 holds a stack of " + (AcquiredImages.MAX_FRAMES + 1) + " frames of 2x2; the feed reads at most "
                        + AcquiredImages.MAX_FRAMES + " per file");
    }

    @Test
    void aSpectrumImageIsNotAStack() {
        byte[] file = DmSamples.file(3, LE, image(DmSamples.DT_UINT16, new long[] {2, 2, 6}, new double[24], DmSamples.calibrations(
                DmSamples.Axis.of(1, "nm"), DmSamples.Axis.of(1, "nm"), DmSamples.Axis.of(0.5f, "eV"))));
        assertThat(refusal(file, "si.dm3")).isEqualTo("si.dm3 holds a spectrum image (2x2 pixels of 6 channels in eV); the feed reads images");
    }

    @Test
    void aSingleFrameWithAThirdDimensionOfOneIsAnImage() throws Exception {
        assertThat(GatanDm.decode(uint16File(3, 8, 6, 1), "one.dm3").image().width()).isEqualTo(8);
    }

    @Test
    void aSpectrumAndAFourDimensionalDatasetAreRefused() {
        assertThat(refusal(uint16File(3, 2048), "eels.dm3")).contains("1-D dataset (2048").contains("2-D images");
        assertThat(refusal(uint16File(4, 4, 4, 2, 3), "4dstem.dm4")).contains("4-D dataset (4x4x2x3)").contains("stacks of them");
    }

    @Test
    void complexAndRgbDataAreRefusedWithWhatTheyHold() {
        byte[] fft = DmSamples.file(3, LE, image(DT_COMPLEX64, new long[] {4, 4}, new double[32], null));
        byte[] rgb = DmSamples.file(3, LE, image(DT_RGBA, new long[] {4, 4}, new double[16], null));

        assertThat(refusal(fft, "fft.dm3")).contains("complex").contains("DataType 3");
        assertThat(refusal(rgb, "photo.dm3")).contains("RGB").contains("DataType 23");
    }

    @Test
    void dataWhoseLengthDisagreesWithTheDimensionsIsRefusedWithBothNumbers() {
        byte[] shortData = DmSamples.file(4, LE, image(DT_UINT16, new long[] {5, 3}, new double[14], null));
        byte[] longData = DmSamples.file(3, LE, image(DT_UINT16, new long[] {5, 3}, new double[16], null));

        assertThat(refusal(shortData, "short.dm4")).contains("holds 28 bytes").contains("5x3 UINT16 pixels need 30");
        assertThat(refusal(longData, "long.dm3")).contains("holds 32 bytes").contains("need 30");
    }

    @Test
    void anImageTooLargeToDecodeIsRefusedBeforeItsPixelsAreRead() {
        // the data is absent: the size alone must refuse it, without allocating 64 M pixels
        byte[] huge = DmSamples.file(4, LE, image(DT_UINT16, new long[] {8192, 8192}, new double[0], null));

        assertThat(refusal(huge, "huge.dm4")).contains("8192x8192 = 67108864 pixels").contains(String.valueOf(AcquiredImages.MAX_PIXELS));
    }

    @Test
    void nonFiniteSamplesAreRefused() {
        double[] px = new double[15];
        px[7] = Double.NaN;
        assertThat(refusal(DmSamples.file(3, LE, image(DT_FLOAT32, new long[] {5, 3}, px, null)), "nan.dm3")).contains("non-finite");
    }

    @Test
    void aNegativeDimensionIsRefused() {
        byte[] file = DmSamples.file(3, LE, image(DT_UINT16, new long[] {5, -3}, new double[15], null));
        assertThat(refusal(file, "neg.dm3")).contains("not a size").contains("-3");
    }

    @Test
    void aFileWithoutAnImageListOrDataIsRefused() {
        byte[] noList = DmFiles.file(3, LE, group(entry("DocumentObjectList", group())));
        byte[] noData = DmFiles.file(4, LE, group(entry("ImageList", group(item(group(entry("ImageData", group(
                entry("DataType", number(INT32, DT_UINT16)),
                entry("Dimensions", group(item(number(INT32, 5)), item(number(INT32, 3))))))))))));

        assertThat(refusal(noList, "empty.dm3")).contains("no ImageList");
        assertThat(refusal(noData, "nodata.dm4")).contains("no Data array");
    }

    @ParameterizedTest(name = "DM{0}")
    @ValueSource(ints = {3, 4})
    void aFileCutAtAnyOffsetIsRefusedAndNothingElse(int version) throws Exception {
        byte[] file = DmSamples.file(version, LE, image(DT_FLOAT32, new long[] {5, 3}, new double[15], DmSamples.calibrations(0.25, "nm")));
        int padding = 8; // DigitalMicrograph's zero padding after the root group: a cut there leaves the file whole
        for (int cut = 0; cut < file.length - padding; cut++) {
            byte[] head = Arrays.copyOf(file, cut);
            assertThat(catchThrowable(() -> GatanDm.decode(head, "cut.dm" + version)))
                    .as("cut at %d of %d", cut, file.length)
                    .isInstanceOf(RejectedFileException.class)
                    .hasMessageContaining("cut.dm" + version);
        }
        assertThat(GatanDm.decode(Arrays.copyOf(file, file.length - padding), "whole.dm" + version).image().width()).isEqualTo(5);
    }

    @ParameterizedTest(name = "DM{0}")
    @ValueSource(ints = {3, 4})
    void randomlyCorruptedFilesAreReadOrRefusedAndNothingElse(int version) {
        byte[] file = DmSamples.file(version, LE, image(DT_UINT16, new long[] {5, 3}, new double[15], DmSamples.calibrations(0.25, "nm")));
        Random random = new Random(version);
        for (int trial = 0; trial < 5_000; trial++) {
            byte[] bad = file.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            Throwable t = catchThrowable(() -> GatanDm.decode(bad, "bad.dm"));
            if (t != null) {
                assertThat(t).as("trial %d", trial).isInstanceOf(RejectedFileException.class);
            }
        }
    }

    @ParameterizedTest(name = "DM{0}")
    @ValueSource(ints = {3, 4})
    void aHugeTagCountIsRefusedBeforeAnythingIsAllocated(int version) {
        byte[] file = uint16File(version, 5, 3);
        int rootCountAt = version == 3 ? 14 : 18; // the header, then the root group's sorted and open bytes
        long count = version == 3 ? Integer.MAX_VALUE : 1L << 60;
        if (version == 3) {
            ByteBuffer.wrap(file).putInt(rootCountAt, (int) count);
        } else {
            ByteBuffer.wrap(file).putLong(rootCountAt, count);
        }
        assertThat(refusal(file, "many.dm" + version)).contains("claims " + count + " tags");
    }

    @ParameterizedTest(name = "DM{0}")
    @ValueSource(ints = {3, 4})
    void hugeOrNegativeLengthsAreRefused(int version) {
        byte[] huge = DmFiles.file(version, LE, group(entry("Data", raw(new long[] {20, FLOAT32, 1L << 30}, new byte[64]))));
        byte[] negative = DmFiles.file(version, LE, group(entry("Data", raw(new long[] {20, FLOAT32, -4}, new byte[64]))));
        byte[] manyWords = DmFiles.file(version, LE, group(entry("Data", raw(new long[] {20, FLOAT32, 2}, new byte[8]))));
        // header, root group header, kind, label length, label, DM4's entry size, %%%%
        int infoCountAt = (version == 3 ? 12 + 2 + 4 : 16 + 2 + 8) + 1 + 2 + "Data".length() + (version == 4 ? 8 : 0) + 4;
        long words = version == 3 ? Integer.MAX_VALUE : 1L << 40;
        if (version == 3) {
            ByteBuffer.wrap(manyWords).putInt(infoCountAt, (int) words);
        } else {
            ByteBuffer.wrap(manyWords).putLong(infoCountAt, words);
        }

        assertThat(refusal(huge, "huge.dm" + version)).contains("claims 1073741824 elements of 4 bytes");
        assertThat(refusal(negative, "negative.dm" + version)).contains("claims -4 elements");
        assertThat(refusal(manyWords, "words.dm" + version)).contains("claims " + words + " type words");
    }

    @Test
    void tagGroupsNestedBeyondTheCapAreRefusedWithoutOverflowingTheStack() {
        for (int version : new int[] {3, 4}) {
            assertThat(refusal(nested(version, 100_000), "deep.dm" + version)).contains("nest deeper than " + DmTagParser.MAX_DEPTH);
        }
    }

    @Test
    void moreTagsThanTheCapAreRefused() {
        int tags = DmTagParser.MAX_TAGS + 1;
        ByteArrayOutputStream out = header(3, tags);
        for (int i = 0; i < tags; i++) {
            out.writeBytes(new byte[] {20, 0, 0, 0, 1, 0, 0, 0, 0}); // an empty, unlabelled group
        }
        assertThat(refusal(out.toByteArray(), "crowded.dm3")).contains("more than " + DmTagParser.MAX_TAGS + " tags");
    }

    @Test
    void aTagOfUnknownKindOrWithoutItsDelimiterIsRefused() {
        ByteArrayOutputStream kind = header(3, 2);
        kind.writeBytes(new byte[] {20, 0, 0, 0, 1, 0, 0, 0, 0}); // an empty group: sniffing sees a tag first
        kind.writeBytes(new byte[] {33, 0, 1, 'X', 0, 1, 0, 0, 0, 0});
        ByteArrayOutputStream delimiter = header(3, 1);
        delimiter.writeBytes(new byte[] {21, 0, 1, 'X', '%', '%', '%', '#', 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0});

        assertThat(refusal(kind.toByteArray(), "kind.dm3")).contains("'X' at offset 27 is of kind 33");
        assertThat(refusal(delimiter.toByteArray(), "delimiter.dm3")).contains("'X'").contains("%%%%");
    }

    /** A DM header and root group of {@code rootTags} tags, data little-endian; the caller appends the tags. */
    private static ByteArrayOutputStream header(int version, long rootTags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(version).array());
        out.writeBytes(version == 3 ? new byte[4] : new byte[8]);
        out.writeBytes(ByteBuffer.allocate(4).putInt(1).array());
        out.writeBytes(new byte[] {0, 1});
        out.writeBytes(version == 3 ? ByteBuffer.allocate(4).putInt((int) rootTags).array() : ByteBuffer.allocate(8).putLong(rootTags).array());
        return out;
    }

    /** {@code depth} groups, each the only entry of the one before: built flat, as no recursive writer could. */
    private static byte[] nested(int version, int depth) {
        ByteArrayOutputStream out = header(version, 1);
        ByteBuffer entry = ByteBuffer.allocate(version == 3 ? 9 : 21);
        entry.put((byte) 20).putShort((short) 0);
        if (version == 4) {
            entry.putLong(0);
        }
        entry.put((byte) 0).put((byte) 1);
        if (version == 3) {
            entry.putInt(1);
        } else {
            entry.putLong(1);
        }
        for (int i = 0; i < depth; i++) {
            out.writeBytes(entry.array());
        }
        return out.toByteArray();
    }
}
