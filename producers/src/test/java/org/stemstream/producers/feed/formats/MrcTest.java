package org.stemstream.producers.feed.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.io.PixelScaling;
import org.stemstream.simulator.io.TiffWriter;

class MrcTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    /** 5 x 3, every value distinct, so a transposed or flipped read cannot pass. */
    private static final int W = 5;
    private static final int H = 3;

    /** One case: a mode, the data block as written, and the pixels, bits and encoding expected. */
    private record Case(String name, int mode, Integer imodFlags, byte[] data, float[] pixels, int bits, PixelEncoding encoding) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Stream<Arguments> modes() {
        return Stream.of(LE, BE).flatMap(order -> Stream.of(
                new Case("int8", 0, null, MrcFile.int8(-128, -127, -1, 0, 1, 2, 3, 50, 99, 100, 101, 120, 125, 126, 127),
                        floats(-128, -127, -1, 0, 1, 2, 3, 50, 99, 100, 101, 120, 125, 126, 127), 8, PixelEncoding.FLOAT32),
                new Case("int8, IMOD signed flag", 0, 1, MrcFile.int8(-128, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 127),
                        floats(-128, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 127), 8, PixelEncoding.FLOAT32),
                new Case("uint8, IMOD without signed flag", 0, 0, MrcFile.int8(0, 1, 2, 127, 128, 129, 200, 254, 255, 3, 4, 5, 6, 7, 8),
                        floats(0, 1, 2, 127, 128, 129, 200, 254, 255, 3, 4, 5, 6, 7, 8), 8, PixelEncoding.UINT16),
                new Case("int16", 1, null, MrcFile.words(order, -32768, -32767, -256, -1, 0, 1, 255, 256, 1000, 4095, 4096, 12345, 30000, 32766, 32767),
                        floats(-32768, -32767, -256, -1, 0, 1, 255, 256, 1000, 4095, 4096, 12345, 30000, 32766, 32767), 16, PixelEncoding.FLOAT32),
                new Case("float32", 2, null, MrcFile.float32(order, -3.4e38f, -1.5e-7f, -1, -0f, 0, 1e-45f, 0.1f, 0.5f, 1, 2.75f, 100, 1e6f, 16777217f, 3e9f, 3.4e38f),
                        new float[] {-3.4e38f, -1.5e-7f, -1, -0f, 0, 1e-45f, 0.1f, 0.5f, 1, 2.75f, 100, 1e6f, 16777217f, 3e9f, 3.4e38f}, 32, PixelEncoding.FLOAT32),
                new Case("uint16", 6, null, MrcFile.words(order, 0, 1, 2, 255, 256, 4095, 4096, 32767, 32768, 40000, 50000, 60000, 65533, 65534, 65535),
                        floats(0, 1, 2, 255, 256, 4095, 4096, 32767, 32768, 40000, 50000, 60000, 65533, 65534, 65535), 16, PixelEncoding.UINT16),
                new Case("float16", 12, null, MrcFile.words(order, 0x3C00, 0xC000, 0x7BFF, 0xFBFF, 0x0001, 0x03FF, 0x0400, 0x3555, 0x8000, 0x0000,
                        0x3800, 0x4248, 0x5640, 0x2E66, 0xB400),
                        new float[] {1, -2, 65504, -65504, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, 0.333251953125f, -0f, 0, 0.5f, 3.140625f, 100, 0.0999755859375f, -0.25f},
                        16, PixelEncoding.FLOAT32))
                .map(c -> Arguments.of(order, c)));
    }

    @ParameterizedTest(name = "{1}, {0}")
    @MethodSource("modes")
    void eachImageModeReadsItsExactPixelsRowMajorInEitherByteOrder(ByteOrder order, Case c) throws Exception {
        MrcFile file = MrcFile.of(W, H, c.mode(), c.data()).order(order);
        if (c.imodFlags() != null) {
            file.imodFlags(c.imodFlags());
        }
        AcquiredImages.Decoded decoded = Mrc.decode(file.bytes(), "scan.mrc");

        Image image = decoded.image();
        assertThat(image.width()).isEqualTo(W);
        assertThat(image.height()).isEqualTo(H);
        float[] px = image.pixels();
        for (int i = 0; i < px.length; i++) { // bit for bit: -0.0 stays -0.0
            assertThat(Float.floatToRawIntBits(px[i])).as("pixel x=%d y=%d", i % W, i / W).isEqualTo(Float.floatToRawIntBits(c.pixels()[i]));
        }
        assertThat(decoded.bitsPerSample()).isEqualTo(c.bits());
        assertThat(decoded.encoding()).isEqualTo(c.encoding());
        assertThat(decoded.format()).isEqualTo("mrc");
        assertThat(decoded.pixelSizeNm()).as("no cell: uncalibrated").isNull();
    }

    @Test
    void theExtendedHeaderIsSkippedAndAWronglyStampedFileIsReadInTheOrderItsHeaderMakesSenseIn() throws Exception {
        float[] values = ramp();
        byte[] file = MrcFile.of(W, H, 2, MrcFile.float32(LE, values)).extendedHeader(131).bytes();
        assertThat(Mrc.decode(file, "fei.mrc").image().pixels()).containsExactly(values);

        byte[] bigEndianStampedLittle = MrcFile.of(W, H, 2, MrcFile.float32(BE, values)).order(BE).stamp(0x44, 0x41).bytes();
        assertThat(Mrc.decode(bigEndianStampedLittle, "odd.mrc").image().pixels()).containsExactly(values);

        byte[] old = MrcFile.of(W, H, 1, MrcFile.words(BE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)).order(BE).unstamped().bytes();
        assertThat(Mrc.decode(old, "old.mrc").image().pixels()).containsExactly(ramp());
    }

    @Test
    void thePixelSizeIsTheCellOverItsIntervalsInNm() throws Exception {
        byte[] calibrated = MrcFile.of(W, H, 6, new byte[2 * W * H]).cell(12.8f, 5, 7.68f, 3).bytes();
        assertThat(Mrc.decode(calibrated, "a.mrc").pixelSizeNm()).isCloseTo(0.256, within(1e-7));

        byte[] supersampled = MrcFile.of(W, H, 6, new byte[2 * W * H]).order(BE).cell(25.6f, 10, 15.36f, 6).bytes();
        assertThat(Mrc.decode(supersampled, "b.mrc").pixelSizeNm()).as("mx, not nx, divides the cell").isCloseTo(0.256, within(1e-7));

        byte[] onlyX = MrcFile.of(W, H, 6, new byte[2 * W * H]).cell(12.8f, 5, 0, 3).bytes();
        assertThat(Mrc.decode(onlyX, "c.mrc").pixelSizeNm()).isCloseTo(0.256, within(1e-7));
    }

    @Test
    void anUnsetCellOrImodsOneAngstromPlaceholderIsNoCalibration() throws Exception {
        byte[] data = new byte[2 * W * H];
        assertThat(Mrc.decode(MrcFile.of(W, H, 6, data).cell(0, 5, 0, 3).bytes(), "a.mrc").pixelSizeNm()).isNull();
        assertThat(Mrc.decode(MrcFile.of(W, H, 6, data).cell(12.8f, 0, 7.68f, 0).bytes(), "b.mrc").pixelSizeNm()).isNull();
        assertThat(Mrc.decode(MrcFile.of(W, H, 6, data).cell(-12.8f, 5, -7.68f, 3).bytes(), "c.mrc").pixelSizeNm()).isNull();
        assertThat(Mrc.decode(MrcFile.of(W, H, 6, data).cell(Float.NaN, 5, Float.NaN, 3).bytes(), "d.mrc").pixelSizeNm()).isNull();
        assertThat(Mrc.decode(MrcFile.of(W, H, 6, data).cell(Float.POSITIVE_INFINITY, 5, 7.68f, 3).bytes(), "e.mrc").pixelSizeNm()).isNull();
        assertThat(Mrc.decode(MrcFile.of(W, H, 6, data).cell(5, 5, 3, 3).bytes(), "imod.mrc").pixelSizeNm())
                .as("cella = nx: IMOD's 'no pixel size'").isNull();
    }

    @Test
    void nonSquarePixelsAreRefusedWithTheirSizes() {
        byte[] file = MrcFile.of(W, H, 6, new byte[2 * W * H]).cell(12.8f, 5, 12.8f, 3).bytes();
        assertThatThrownBy(() -> Mrc.decode(file, "wide.mrc")).isInstanceOf(RejectedFileException.class)
                .hasMessage("wide.mrc has pixels of 2.560 x 4.267 Å (cella 12.8 x 12.8 Å over 5 x 3); the feed needs square pixels");
        byte[] withinOnePercent = MrcFile.of(W, H, 6, new byte[2 * W * H]).cell(12.8f, 5, 7.72f, 3).bytes();
        assertThat(catchThrowable(() -> Mrc.decode(withinOnePercent, "ok.mrc"))).isNull();
    }

    @Test
    void aStackIsReadSectionBySectionAndAVolumeIsRefused() throws Exception {
        ByteBuffer floats = ByteBuffer.allocate(4 * W * H * 3).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < W * H * 3; i++) {
            floats.putFloat(i + 0.5f);
        }
        AcquiredImages.Decoded stack = Mrc.decode(MrcFile.of(W, H, 2, floats.array()).sections(3).cell(12.8f, 5, 7.68f, 3).bytes(), "tilt.mrcs");
        assertThat(stack.frames()).hasSize(3);
        assertThat(stack.frames().get(2).pixels()[0]).as("the third section's first pixel").isEqualTo(2 * W * H + 0.5f);
        assertThat(stack.frames().get(1).pixels()[W * H - 1]).isEqualTo(2 * W * H - 0.5f);
        assertThat(stack.pixelSizeNm()).isCloseTo(0.256, within(1e-7));

        byte[] volume = MrcFile.of(512, 512, 1, new byte[0]).sections(40).spaceGroup(1).bytes();
        assertThatThrownBy(() -> Mrc.decode(volume, "x.mrc")).isInstanceOf(RejectedFileException.class)
                .hasMessage("x.mrc holds a volume (space group 1, 40 sections of 512x512); the feed reads images and stacks of them (space group 0)");
        MrcFile movie = MrcFile.of(2, 2, 1, new byte[0]).sections(AcquiredImages.MAX_FRAMES + 1);
        assertThat(refusal(movie)).contains("a stack of " + (AcquiredImages.MAX_FRAMES + 1) + " frames of 2x2; the feed reads at most");
    }

    @Test
    void modesThatHoldNoImageAreRefusedByName() {
        assertThat(refusal(MrcFile.of(W, H, 3, new byte[4 * W * H]))).contains("complex numbers (mode 3");
        assertThat(refusal(MrcFile.of(W, H, 4, new byte[8 * W * H]).order(BE))).contains("complex numbers (mode 4");
        assertThat(refusal(MrcFile.of(W, H, 101, new byte[3 * H]))).contains("4-bit packed counts (mode 101)");
        assertThat(refusal(MrcFile.of(W, H, 16, new byte[3 * W * H]))).contains("RGB colour (mode 16)");
        assertThat(refusal(MrcFile.of(W, H, 7, new byte[4 * W * H]))).contains("mode 7, which is no MRC image mode");
    }

    @Test
    void hostileSizesAreRefusedBeforeAnythingIsAllocated() {
        assertThat(refusal(MrcFile.of(65536, 65536, 0, new byte[0]))).isEqualTo("big.mrc is 65536x65536 = 4294967296 pixels; the feed decodes frames of 1.."
                + AcquiredImages.MAX_PIXELS);
        assertThat(refusal(MrcFile.of(Integer.MAX_VALUE, Integer.MAX_VALUE, 2, new byte[0]))).contains("= 4611686014132420609 pixels");
        assertThat(refusal(MrcFile.of(2048, 2048, 2, new byte[W]))).startsWith("big.mrc is truncated: its header states 16777216 bytes");
        assertThat(refusal(MrcFile.of(W, H, 2, new byte[4 * W * H]).extendedHeader(-4)))
                .isEqualTo("big.mrc states an extended header of -4 bytes; it cannot be negative");
        assertThat(refusal(MrcFile.of(W, H, 2, new byte[4 * W * H]).extendedHeader(Integer.MAX_VALUE - 1000)))
                .contains("from byte " + (1024L + Integer.MAX_VALUE - 1000));
        assertThat(refusal(MrcFile.of(0, H, 2, new byte[0]))).contains("states a size of 0x3x1");
        assertThat(refusal(MrcFile.of(W, -3, 2, new byte[0]))).contains("states a size of 5x-3x1");
    }

    @Test
    void nonFiniteSamplesAreRefused() {
        assertThat(refusal(MrcFile.of(W, H, 2, MrcFile.float32(LE, 1, 2, Float.NaN, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))))
                .contains("non-finite samples (NaN)");
        assertThat(refusal(MrcFile.of(W, H, 12, MrcFile.words(LE, 0x3C00, 0x7C00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))))
                .contains("non-finite samples (Infinity)");
    }

    @Test
    void aFileCutAnywhereIsRefusedAndNothingElseIsThrown() {
        byte[] whole = MrcFile.of(W, H, 2, MrcFile.float32(LE, ramp())).extendedHeader(131).bytes();
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThat(catchThrowable(() -> Mrc.decode(part, "cut.mrc"))).as("cut at %d", cut).isInstanceOf(RejectedFileException.class);
        }
    }

    @Test
    void aCorruptedHeaderIsDecodedOrRefusedAndNothingElseIsThrown() {
        byte[] whole = MrcFile.of(W, H, 1, MrcFile.words(LE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)).bytes();
        Random random = new Random(42);
        for (int trial = 0; trial < 5000; trial++) {
            byte[] corrupt = whole.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) { // the fields that matter live in the first 224 bytes
                corrupt[random.nextInt(224)] = (byte) random.nextInt(256);
            }
            Throwable thrown = catchThrowable(() -> Mrc.decode(corrupt, "fuzz.mrc"));
            if (thrown != null) {
                assertThat(thrown).as("trial %d", trial).isInstanceOf(RejectedFileException.class);
            }
        }
    }

    @Test
    void sniffKnowsStampedAndOldMrcFilesAndNothingElse() throws IOException {
        byte[] data = new byte[2 * W * H];
        assertThat(Mrc.sniff(MrcFile.of(W, H, 6, data).bytes())).isTrue();
        assertThat(Mrc.sniff(MrcFile.of(W, H, 6, data).order(BE).bytes())).isTrue();
        assertThat(Mrc.sniff(MrcFile.of(W, H, 6, data).unstamped().bytes())).as("MRC before 2014").isTrue();
        assertThat(Mrc.sniff(MrcFile.of(W, H, 6, data).order(BE).unstamped().bytes())).isTrue();
        assertThat(Mrc.sniff(MrcFile.of(W, H, 4, new byte[8 * W * H]).bytes())).as("refused later, by name").isTrue();
        assertThat(Mrc.sniff(MrcFile.of(W, H, 6, new byte[2]).unstamped().bytes())).as("old, and its data is not there").isFalse();
        assertThat(Mrc.sniff(new byte[1023])).isFalse();

        byte[] tiff = TiffWriter.encode(Image.of(40, 30, new float[1200]), PixelScaling.COUNTS, "acquired");
        assertThat(Mrc.sniff(tiff)).isFalse();
        assertThat(Mrc.sniff(png(40, 30))).isFalse();

        // "II*\0" reads as nx = 2771273 little-endian: with ny = nz = 1, mode 0 and enough bytes the header is consistent
        byte[] tiffShaped = new byte[1024 + 2771273];
        tiffShaped[0] = 'I';
        tiffShaped[1] = 'I';
        tiffShaped[2] = 42;
        ByteBuffer.wrap(tiffShaped).order(LE).putInt(4, 1).putInt(8, 1);
        assertThat(MrcHeader.read(tiffShaped, LE).consistent(tiffShaped.length)).isTrue();
        assertThat(Mrc.sniff(tiffShaped)).isFalse();

        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[1024 + random.nextInt(4096)];
            random.nextBytes(noise);
            assertThat(Mrc.sniff(noise)).as("noise %d", i).isFalse();
        }
    }

    @Test
    void bytesThatAreNoMrcAreRefusedWithTheStampFound() throws IOException {
        assertThatThrownBy(() -> Mrc.decode(png(64, 64), "photo.mrc")).isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("photo.mrc is ");
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        noise[212] = 1;
        noise[213] = 2;
        noise[214] = 3;
        noise[215] = 4;
        assertThat(refusal(noise, "noise.mrc")).isEqualTo("noise.mrc is not an MRC file: no known machine stamp at byte 212 (0x01 0x02 0x03 0x04)"
                + " and its header describes no data it holds in either byte order");
        assertThat(refusal(new byte[100], "tiny.mrc")).isEqualTo("tiny.mrc is 100 bytes; an MRC file starts with a 1024-byte header");
    }

    @Test
    void everyHalfFloatConvertsToTheFloatOfItsValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = bits >>> 10 & 0x1f;
            int mantissa = bits & 0x3ff;
            float actual = MrcMode.halfToFloat((short) bits);
            if (exponent == 0x1f) {
                assertThat(mantissa == 0 ? Float.isInfinite(actual) : Float.isNaN(actual)).as("bits %04x", bits).isTrue();
                continue;
            }
            // the definition: (-1)^s * 2^(e-15) * 1.m, or 2^-14 * 0.m when e = 0
            double magnitude = exponent == 0 ? Math.scalb((double) mantissa, -24) : Math.scalb(1024.0 + mantissa, exponent - 25);
            float expected = (float) ((bits & 0x8000) != 0 ? -magnitude : magnitude);
            assertThat(Float.floatToRawIntBits(actual)).as("bits %04x", bits).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    private static String refusal(MrcFile file) {
        return refusal(file.bytes(), "big.mrc");
    }

    private static String refusal(byte[] bytes, String name) {
        Throwable thrown = catchThrowable(() -> Mrc.decode(bytes, name));
        assertThat(thrown).isInstanceOf(RejectedFileException.class);
        return thrown.getMessage();
    }

    private static float[] ramp() {
        return floats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    }

    private static float[] floats(int... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY), "png", out);
        return out.toByteArray();
    }
}
