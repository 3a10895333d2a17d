package org.stemstream.producers.feed.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;
import static org.stemstream.producers.feed.formats.VeloxFile.image;

import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ChunkedDataset;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.io.PixelScaling;
import org.stemstream.simulator.io.TiffWriter;

class VeloxEmdTest {
    /** 5 wide, 3 high, every value distinct, so a transposed or flipped read cannot pass. */
    private static final int W = 5;
    private static final int H = 3;

    /** One sample type: the Java type jhdf writes, whether unsigned, the values (row-major) and what is expected of them. */
    private record Case(String name, Class<?> type, boolean unsigned, double[] values, int bits, PixelEncoding encoding) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Stream<Case> types() {
        return Stream.of(
                new Case("uint8", byte.class, true, values(0, 1, 2, 127, 128, 129, 200, 254, 255, 3, 4, 5, 6, 7, 8), 8, PixelEncoding.UINT16),
                new Case("int8", byte.class, false, values(-128, -127, -1, 0, 1, 2, 3, 50, 99, 100, 101, 120, 125, 126, 127), 8, PixelEncoding.FLOAT32),
                new Case("uint16", short.class, true, values(0, 1, 255, 256, 4095, 4096, 32767, 32768, 40000, 50000, 60000, 65533, 65534, 65535, 9),
                        16, PixelEncoding.UINT16),
                new Case("int16", short.class, false, values(-32768, -32767, -256, -1, 0, 1, 255, 256, 1000, 4095, 12345, 30000, 32766, 32767, 9),
                        16, PixelEncoding.FLOAT32),
                new Case("uint32", int.class, true, values(0, 1, 65535, 65536, 1 << 24, 2147483647, 2147483648.0, 4294967295.0, 9, 10, 11, 12, 13, 14, 15),
                        32, PixelEncoding.FLOAT32),
                new Case("int32", int.class, false, values(-2147483648, -65536, -1, 0, 1, 65536, 2147483647, 16777217, 9, 10, 11, 12, 13, 14, 15),
                        32, PixelEncoding.FLOAT32),
                new Case("float32", float.class, false, values(-3.4e38f, -1.5e-7f, -1, -0f, 0, 1e-45f, 0.1f, 0.5f, 1, 2.75f, 100, 1e6f, 16777217f, 3e9f, 3.4e38f),
                        32, PixelEncoding.FLOAT32),
                new Case("float64", double.class, false, values(-1e30, -1.5e-7, -1, -0.0, 0, 1e-300, 0.1, 0.5, 1, 2.75, 100, 1e6, 16777217, 3e9, 1e30),
                        64, PixelEncoding.FLOAT32));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void eachSampleTypeReadsItsExactPixelsRowMajorWithItsPixelSizeInNm(Case c) throws Exception {
        byte[] file = VeloxFile.of(unsignedIf(image("HAADF", cube(c.type(), 1, c.values())), c.unsigned())).bytes();

        AcquiredImages.Decoded decoded = VeloxEmd.decode(file, "scan.emd");

        assertThat(decoded.frames()).hasSize(1);
        Image image = decoded.image();
        assertThat(image.width()).isEqualTo(W);
        assertThat(image.height()).isEqualTo(H);
        for (int i = 0; i < W * H; i++) { // bit for bit: -0.0 stays -0.0
            assertThat(Float.floatToRawIntBits(image.pixels()[i])).as("pixel x=%d y=%d", i % W, i / W)
                    .isEqualTo(Float.floatToRawIntBits((float) c.values()[i]));
        }
        assertThat(decoded.bitsPerSample()).isEqualTo(c.bits());
        assertThat(decoded.encoding()).isEqualTo(c.encoding());
        assertThat(decoded.format()).isEqualTo("emd");
        assertThat(decoded.pixelSizeNm()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void theHaadfImageIsReadBesideOtherDetectorsAndSpectraWhereverItsNameIsWritten() throws Exception {
        byte[] file = VeloxFile.of(image("BF", counts(1000)).unsigned(), image("HAADF", counts(2000)).unsigned(), image("DF2", counts(3000)).unsigned())
                .withSpectrumStream().bytes();
        assertThat(VeloxEmd.decode(file, "si.emd").image().pixels()[0]).isEqualTo(2000);

        byte[] byIndex = VeloxFile.of(image("DF4", counts(1000)).unsigned().detectorByIndex(), image("HAADF", counts(2000)).unsigned().detectorByIndex()).bytes();
        assertThat(VeloxEmd.decode(byIndex, "v11.emd").image().pixels()[0]).as("Detectors.Detector-<DetectorIndex>.DetectorName").isEqualTo(2000);

        byte[] lone = VeloxFile.of(image("BF", counts(1000)).unsigned()).bytes();
        assertThat(VeloxEmd.decode(lone, "bf.emd").image().pixels()[0]).as("the only image, whatever its detector").isEqualTo(1000);
    }

    @Test
    void severalImagesWithoutOneHaadfImageAreRefusedWithTheDetectorsFound() {
        assertThat(refusal(VeloxFile.of(image("DF4", counts(1)), image("BF", counts(2))).bytes(), "x.emd"))
                .isEqualTo("x.emd holds 2 images (BF, DF4) and none from a HAADF detector; export the HAADF image, or the image to classify, on its own");
        assertThat(refusal(VeloxFile.of(image("BF", counts(1)), image("DF2", counts(2)).noMetadata()).bytes(), "y.emd"))
                .startsWith("y.emd holds 2 images (BF, unnamed) and none from a HAADF detector");
        assertThat(refusal(VeloxFile.of(image("HAADF", counts(1)), image("BF", counts(2)), image("HAADF", counts(3))).bytes(), "z.emd"))
                .isEqualTo("z.emd holds 2 images from a HAADF detector (of 3: BF, HAADF, HAADF); export the one to classify on its own");
    }

    @Test
    void framesAlongTheLastAxisAreAStack() throws Exception {
        short[][][] data = new short[H][W][3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int f = 0; f < 3; f++) {
                    data[y][x][f] = (short) (40000 + 100 * f + W * y + x);
                }
            }
        }
        AcquiredImages.Decoded stack = VeloxEmd.decode(VeloxFile.of(image("HAADF", data).unsigned()).bytes(), "series.emd");

        assertThat(stack.frames()).hasSize(3);
        for (int f = 0; f < 3; f++) {
            assertThat(stack.frames().get(f).pixels()).as("frame %d", f).containsExactly(ramp(40000 + 100 * f));
        }
        assertThat(stack.encoding()).isEqualTo(PixelEncoding.UINT16);
        assertThat(stack.pixelSizeNm()).isCloseTo(0.25, within(1e-12));

        byte[] long1 = VeloxFile.of(image("HAADF", new short[1][2][AcquiredImages.MAX_FRAMES + 1])).bytes();
        assertThat(refusal(long1, "movie.emd")).isEqualTo("movie.emd holds a stack of 513 frames of 2x1; the feed reads at most 512 per file");
    }

    @Test
    void nonSquarePixelsAreRefusedAndAMissingOrUnknownCalibrationIsNone() throws Exception {
        byte[] wide = VeloxFile.of(image("HAADF", counts(1)).pixelSize("2.5e-10", "3.0e-10", "m")).bytes();
        assertThat(refusal(wide, "wide.emd"))
                .isEqualTo("wide.emd has non-square pixels: 0.2500 nm wide, 0.3000 nm high (more than 1 % apart); the classifier assumes square pixels");
        byte[] nearly = VeloxFile.of(image("HAADF", counts(1)).pixelSize("2.5e-10", "2.52e-10", "m")).bytes();
        assertThat(VeloxEmd.decode(nearly, "ok.emd").pixelSizeNm()).isCloseTo(0.25, within(1e-12));
        byte[] inNm = VeloxFile.of(image("HAADF", counts(1)).pixelSize("0.125", "0.125", "nm")).bytes();
        assertThat(VeloxEmd.decode(inNm, "nm.emd").pixelSizeNm()).isCloseTo(0.125, within(1e-12));

        assertThat(VeloxEmd.decode(VeloxFile.of(image("HAADF", counts(1)).noMetadata()).bytes(), "a.emd").pixelSizeNm()).isNull();
        assertThat(VeloxEmd.decode(VeloxFile.of(image("HAADF", counts(1)).pixelSize("1", "1", "pixel")).bytes(), "b.emd").pixelSizeNm()).isNull();
        assertThat(VeloxEmd.decode(VeloxFile.of(image("HAADF", counts(1)).pixelSize("n/a", "n/a", "m")).bytes(), "c.emd").pixelSizeNm()).isNull();
        assertThat(VeloxEmd.decode(VeloxFile.of(image("HAADF", counts(1)).pixelSize("-1e-10", "-1e-10", "m")).bytes(), "d.emd").pixelSizeNm()).isNull();
    }

    @Test
    void aFileWithoutImagesIsRefused() {
        assertThat(refusal(VeloxFile.of().withSpectrumStream().bytes(), "eds.emd"))
                .isEqualTo("eds.emd holds no image (no groups under /Data/Image; /Data holds SpectrumStream)");
        assertThat(refusal(VeloxFile.of().bytes(), "empty.emd")).isEqualTo("empty.emd holds no image (no groups under /Data/Image; no /Data: not a Velox EMD file)");
    }

    @Test
    void deflatedChunksAreReadAndOneThatInflatesBeyondItsElementsIsRefusedBeforeJhdfInflatesIt() throws Exception {
        short[][][] data = cube(short.class, 1, values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        byte[] chunked = VeloxFile.of(image("HAADF", data).unsigned().deflated(2, 2, 1)).bytes();
        assertThat(VeloxEmd.decode(chunked, "gz.emd").image().pixels()).containsExactly(ramp(1));

        int[][][] noise = new int[300][300][1];
        Random random = new Random(11);
        for (int[][] row : noise) {
            for (int[] px : row) {
                px[0] = random.nextInt(1 << 20);
            }
        }
        byte[] file = VeloxFile.of(image("HAADF", noise).deflated(300, 300, 1)).bytes();
        byte[] stored;
        try (HdfFile hdf = HdfFile.fromBytes(file)) {
            ByteBuffer raw = ((ChunkedDataset) hdf.getDatasetByPath("/Data/Image/6f1c00002b5e4b7c9a1d000000000000/Data")).getRawChunkBuffer(new int[3]);
            stored = new byte[raw.remaining()];
            raw.get(stored);
        }
        byte[] bomb = deflate(new byte[64 << 20]); // 64 MB of zeros in some 64 kB
        assertThat(bomb.length).isLessThan(stored.length);
        int at = indexOf(file, stored);
        System.arraycopy(bomb, 0, file, at, bomb.length);

        assertThat(refusal(file, "bomb.emd"))
                .isEqualTo("bomb.emd's image data has a chunk at [0, 0, 0] that inflates beyond the 360004 bytes its [300, 300, 1] elements take");
    }

    @Test
    void nonFiniteSamplesAreRefused() {
        float[][][] data = cube(float.class, 1, values(1, 2, 3, 4, 5, 6, 7, Float.NaN, 9, 10, 11, 12, 13, 14, 15));
        assertThat(refusal(VeloxFile.of(image("HAADF", data)).bytes(), "nan.emd")).isEqualTo("nan.emd holds non-finite samples (NaN at x=2 y=1)");
        double[][][] huge = cube(double.class, 1, values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 1e300));
        assertThat(refusal(VeloxFile.of(image("HAADF", huge)).bytes(), "big.emd")).isEqualTo("big.emd holds non-finite samples (1.0E300 at x=4 y=2)");
    }

    @Test
    void aFileCutAnywhereIsRefusedAndNothingElseIsThrownNorWhenItsRestIsZeros() {
        byte[] whole = VeloxFile.of(image("BF", counts(7)).unsigned(), image("HAADF", counts(1)).unsigned().deflated(2, 2, 1)).bytes();
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThat(catchThrowable(() -> VeloxEmd.decode(part, "cut.emd"))).as("cut at %d of %d", cut, whole.length)
                    .isInstanceOf(RejectedFileException.class);
            // a copy still in progress into a file of its full size: the superblock's length holds, the structures past the cut are zeros
            Throwable zeros = catchThrowable(() -> VeloxEmd.decode(Arrays.copyOf(part, whole.length), "copying.emd"));
            if (zeros != null) {
                assertThat(zeros).as("zeros from %d of %d", cut, whole.length).isInstanceOf(RejectedFileException.class);
            }
        }
    }

    @Test
    void aCorruptedFileIsDecodedOrRefusedAndNothingElseIsThrown() {
        byte[] whole = VeloxFile.of(image("BF", counts(7)).unsigned(), image("HAADF", counts(1)).unsigned().deflated(2, 2, 1)).bytes();
        Random random = new Random(42);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] corrupt = whole.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            Throwable thrown = catchThrowable(() -> VeloxEmd.decode(corrupt, "fuzz.emd"));
            if (thrown != null) {
                assertThat(thrown).as("trial %d", trial).isInstanceOf(RejectedFileException.class);
            }
        }
    }

    @Test
    void sniffKnowsTheHdf5SignatureWhereJhdfLooksAndNothingElse() throws IOException {
        byte[] emd = VeloxFile.of(image("HAADF", counts(1))).bytes();
        assertThat(VeloxEmd.sniff(emd)).isTrue();
        byte[] afterUserBlock = new byte[512 + emd.length];
        System.arraycopy(emd, 0, afterUserBlock, 512, emd.length);
        assertThat(VeloxEmd.sniff(afterUserBlock)).isTrue();
        byte[] at100 = new byte[100 + emd.length];
        System.arraycopy(emd, 0, at100, 100, emd.length);
        assertThat(VeloxEmd.sniff(at100)).as("no user block is 100 bytes").isFalse();
        assertThat(VeloxEmd.sniff(Arrays.copyOf(emd, 7))).isFalse();

        assertThat(VeloxEmd.sniff(TiffWriter.encode(Image.of(40, 30, new float[1200]), PixelScaling.COUNTS, "acquired"))).isFalse();
        assertThat(VeloxEmd.sniff(png())).isFalse();
        assertThat(VeloxEmd.sniff(DmSamples.file(4, ByteOrder.LITTLE_ENDIAN, DmSamples.image(DmSamples.DT_UINT16, new long[] {3, 2},
                new double[] {1, 2, 3, 4, 5, 6}, DmSamples.calibrations(0.3, "nm"))))).isFalse();
        assertThat(VeloxEmd.sniff(MrcFile.of(W, H, 6, new byte[2 * W * H]).bytes())).isFalse();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(5000)];
            random.nextBytes(noise);
            assertThat(VeloxEmd.sniff(noise)).as("noise %d", i).isFalse();
        }
    }

    @Test
    void bytesThatAreNoHdf5OrNoVeloxFileAreRefusedWithTheReason() throws IOException {
        assertThat(refusal(png(), "photo.emd"))
                .isEqualTo("photo.emd is not an HDF5 file (no signature \\x89HDF\\r\\n\\x1a\\n at byte 0, 512, 1024...), which a Velox EMD file is");
        byte[] emd = VeloxFile.of(image("HAADF", counts(1))).bytes();
        byte[] shifted = new byte[512 + emd.length];
        System.arraycopy(emd, 0, shifted, 512, emd.length);
        assertThat(refusal(shifted, "shifted.emd")).startsWith("cannot decode shifted.emd as HDF5: ");
    }

    @Test
    void theFeedReadsAVeloxFileByItsContentAndRefusesJunkNamedEmdWithTheEmdReason() throws Exception {
        byte[] emd = VeloxFile.of(image("HAADF", counts(5)).unsigned()).bytes();
        AcquiredImages.Decoded decoded = AcquiredImages.decode(emd, "renamed.tif");
        assertThat(decoded.format()).isEqualTo(VeloxEmd.FORMAT);
        assertThat(decoded.image().pixels()).containsExactly(ramp(5));

        byte[] junk = new byte[2048];
        new Random(5).nextBytes(junk);
        assertThat(catchThrowable(() -> AcquiredImages.decode(junk, "scan.emd"))).isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("scan.emd is not an HDF5 file");
        assertThat(catchThrowable(() -> AcquiredImages.decode(png(), "photo.EMD"))).hasMessageStartingWith("photo.EMD is not an HDF5 file");
    }

    private static VeloxFile.Img unsignedIf(VeloxFile.Img image, boolean unsigned) {
        return unsigned ? image.unsigned() : image;
    }

    /** uint16 counts from {@code first}, row-major. */
    private static short[][][] counts(int first) {
        return cube(short.class, 1, values(ramp(first)));
    }

    /** A (height, width, frames) array of {@code type} whose frame 0 holds {@code values} row-major (integers as their bit patterns). */
    @SuppressWarnings("unchecked")
    private static <T> T cube(Class<?> type, int frames, double[] values) {
        Object cube = Array.newInstance(type, H, W, frames);
        for (int i = 0; i < values.length; i++) {
            Object px = Array.get(Array.get(cube, i / W), i % W);
            double v = values[i];
            if (type == byte.class) {
                Array.setByte(px, 0, (byte) (long) v);
            } else if (type == short.class) {
                Array.setShort(px, 0, (short) (long) v);
            } else if (type == int.class) {
                Array.setInt(px, 0, (int) (long) v);
            } else if (type == float.class) {
                Array.setFloat(px, 0, (float) v);
            } else {
                Array.setDouble(px, 0, v);
            }
        }
        return (T) cube;
    }

    private static double[] values(double... values) {
        return values;
    }

    private static double[] values(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** first, first + 1, ... for every pixel of a frame, row-major. */
    private static float[] ramp(int first) {
        float[] out = new float[W * H];
        for (int i = 0; i < out.length; i++) {
            out[i] = first + i;
        }
        return out;
    }

    private static String refusal(byte[] bytes, String name) {
        Throwable thrown = catchThrowable(() -> VeloxEmd.decode(bytes, name));
        assertThat(thrown).isInstanceOf(RejectedFileException.class);
        return thrown.getMessage();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("the stored chunk is not in the file");
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_USHORT_GRAY), "png", out);
        return out.toByteArray();
    }
}
