package org.stemstream.producers.feed.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.stemstream.producers.feed.formats.DmSamples.DT_FLOAT32;
import static org.stemstream.producers.feed.formats.DmSamples.DT_FLOAT64;
import static org.stemstream.producers.feed.formats.DmSamples.DT_INT16;
import static org.stemstream.producers.feed.formats.DmSamples.DT_INT32;
import static org.stemstream.producers.feed.formats.DmSamples.DT_INT8;
import static org.stemstream.producers.feed.formats.DmSamples.DT_UINT16;
import static org.stemstream.producers.feed.formats.DmSamples.DT_UINT32;
import static org.stemstream.producers.feed.formats.DmSamples.DT_UINT8;
import static org.stemstream.producers.feed.formats.DmSamples.calibrations;
import static org.stemstream.producers.feed.formats.DmSamples.image;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stemstream.producers.feed.AcquiredImages.Decoded;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.producers.feed.formats.DmSamples.Axis;
import org.stemstream.schemas.avro.PixelEncoding;

class GatanDmTest {
    private static final long[] FIVE_BY_THREE = {5, 3};

    /** 15 samples that tell the type's edges apart: sign, the top bit, fractions. */
    private static double[] samples(int dataType) {
        return switch (dataType) {
            case DT_UINT8 -> new double[] {0, 1, 2, 127, 128, 129, 200, 254, 255, 3, 4, 5, 6, 7, 8};
            case DT_INT8 -> new double[] {0, 1, -1, 127, -128, 5, -5, 100, -100, 3, 4, 6, 7, 8, 9};
            case DT_UINT16 -> new double[] {0, 1, 2, 255, 256, 32767, 32768, 40000, 65534, 65535, 7, 8, 9, 10, 11};
            case DT_INT16 -> new double[] {0, 1, -1, 255, 256, -256, 32767, -32768, 1000, -1000, 7, 8, 9, 10, 11};
            case DT_INT32 -> new double[] {0, 1, -1, 65536, -65536, 16777216, -16777216, 70000, -70000, 123456, 7, 8, 9, 10, 11};
            case DT_UINT32 -> new double[] {0, 1, 2, 65536, 16777216, 3e9, 4294967040.0, 70000, 123456, 9, 7, 8, 9, 10, 11};
            case DT_FLOAT32, DT_FLOAT64 -> new double[] {0, 0.5, -0.5, 1.25, -3.75, 1e-3, 65535.5, -1e6, 3.14159, 2.71828, 7, 8, 9, 10, 11};
            default -> throw new IllegalArgumentException("no samples for " + dataType);
        };
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    static Stream<Arguments> everyLayout() {
        List<Arguments> all = new ArrayList<>();
        for (int version : new int[] {3, 4}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                for (int type : new int[] {DT_UINT16, DT_INT16, DT_FLOAT32, DT_UINT8, DT_INT32, DT_INT8, DT_UINT32, DT_FLOAT64}) {
                    all.add(Arguments.of(version, order, type));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "DM{0}, {1} data, DataType {2}")
    @MethodSource("everyLayout")
    void readsEverySampleExactlyRowMajorInEitherVersionAndByteOrder(int version, ByteOrder order, int dataType) throws Exception {
        double[] values = samples(dataType);
        byte[] file = DmSamples.file(version, order, image(dataType, FIVE_BY_THREE, values, calibrations(0.25, "nm")));

        Decoded d = GatanDm.decode(file, "scan.dm" + version);

        assertThat(d.image().width()).isEqualTo(5);
        assertThat(d.image().height()).isEqualTo(3);
        assertThat(d.image().pixels()).containsExactly(floats(values));
        assertThat(d.format()).isEqualTo("dm" + version);
        assertThat(d.bitsPerSample()).isEqualTo(8 * DmSamples.bytes(dataType));
        assertThat(d.encoding()).isEqualTo(dataType == DT_UINT8 || dataType == DT_UINT16 ? PixelEncoding.UINT16 : PixelEncoding.FLOAT32);
        assertThat(d.pixelSizeNm()).isEqualTo(0.25);
    }

    @Test
    void aLargerImageKeepsItsRowsAndColumns() throws Exception {
        int w = 67;
        int h = 41;
        double[] values = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = 1000 * y + x; // a pixel's value names its place
            }
        }
        Decoded d = GatanDm.decode(DmSamples.file(4, ByteOrder.LITTLE_ENDIAN, image(DT_UINT16, new long[] {w, h}, values, null)), "a.dm4");

        assertThat(d.image().width()).isEqualTo(w);
        assertThat(d.image().height()).isEqualTo(h);
        assertThat(d.image().pixels()[2 * w + 5]).isEqualTo(2005f);
        assertThat(d.image().pixels()).containsExactly(floats(values));
    }

    @Test
    void theThumbnailIsNotTheImageRead() throws Exception {
        double[] values = samples(DT_UINT16);
        byte[] withThumbnail = DmSamples.file(3, ByteOrder.LITTLE_ENDIAN, image(DT_UINT16, FIVE_BY_THREE, values, null));
        byte[] withoutThumbnailIndex = DmFiles.file(3, ByteOrder.LITTLE_ENDIAN, DmSamples.root(image(DT_UINT16, FIVE_BY_THREE, values, null), false));

        for (byte[] file : List.of(withThumbnail, withoutThumbnailIndex)) {
            Decoded d = GatanDm.decode(file, "scan.dm3");
            assertThat(d.image().width()).isEqualTo(5);
            assertThat(d.image().pixels()).containsExactly(floats(values));
        }
    }

    static Stream<Arguments> calibrationsInNm() {
        return Stream.of(
                Arguments.of(Axis.of(0.25, "nm"), 0.25),
                Arguments.of(Axis.of(0.00025, "\u00b5m"), 0.25),
                Arguments.of(Axis.of(0.00025, "um"), 0.25),
                Arguments.of(Axis.of(2.5, "\u00c5"), 0.25),
                Arguments.of(Axis.of(2.5, "Angstrom"), 0.25),
                Arguments.of(Axis.of(250, "pm"), 0.25),
                Arguments.of(Axis.of(2.5e-10, "m"), 0.25),
                Arguments.of(new Axis(0.25, "nm", true), 0.25),
                Arguments.of(new Axis(0.00025, "\u00b5m", true), 0.25));
    }

    @ParameterizedTest(name = "{0} is {1} nm")
    @MethodSource("calibrationsInNm")
    void thePixelSizeIsTheXScaleInNm(Axis axis, double nm) throws Exception {
        byte[] file = DmSamples.file(4, ByteOrder.LITTLE_ENDIAN, image(DT_UINT16, FIVE_BY_THREE, samples(DT_UINT16), calibrations(axis, axis)));

        assertThat(GatanDm.decode(file, "a.dm4").pixelSizeNm()).isCloseTo(nm, within(1e-12));
    }

    static Stream<Axis> notALength() {
        return Stream.of(Axis.of(0.5, "1/nm"), Axis.of(1, ""), Axis.of(1, "pixel"), Axis.of(2, "eV"), Axis.of(0, "nm"),
                Axis.of(-0.25, "nm"), Axis.of(Double.NaN, "nm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notALength")
    void aScaleThatIsNotAPositiveLengthGivesNoPixelSize(Axis axis) throws Exception {
        byte[] file = DmSamples.file(3, ByteOrder.BIG_ENDIAN, image(DT_UINT16, FIVE_BY_THREE, samples(DT_UINT16), calibrations(axis, axis)));

        assertThat(GatanDm.decode(file, "diffraction.dm3").pixelSizeNm()).isNull();
    }

    @Test
    void anImageWithoutCalibrationsHasNoPixelSize() throws Exception {
        byte[] file = DmSamples.file(3, ByteOrder.LITTLE_ENDIAN, image(DT_UINT16, FIVE_BY_THREE, samples(DT_UINT16), null));

        assertThat(GatanDm.decode(file, "a.dm3").pixelSizeNm()).isNull();
    }

    @Test
    void scalesWithinOnePercentAreSquareAndGiveX() throws Exception {
        byte[] file = DmSamples.file(3, ByteOrder.LITTLE_ENDIAN, image(DT_UINT16, FIVE_BY_THREE, samples(DT_UINT16),
                calibrations(Axis.of(0.25, "nm"), Axis.of(0.0002510, "\u00b5m"))));

        assertThat(GatanDm.decode(file, "a.dm3").pixelSizeNm()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void pixelsThatAreNotSquareAreRefusedWithBothSizes() {
        byte[] file = DmSamples.file(4, ByteOrder.LITTLE_ENDIAN, image(DT_UINT16, FIVE_BY_THREE, samples(DT_UINT16),
                calibrations(Axis.of(0.25, "nm"), Axis.of(0.3, "nm"))));

        assertThatThrownBy(() -> GatanDm.decode(file, "skewed.dm4"))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("skewed.dm4")
                .hasMessageContaining("non-square")
                .hasMessageContaining("0.25 nm in x")
                .hasMessageContaining("0.3 nm in y");
    }

    @Test
    void sniffsBothVersionsInBothByteOrders() {
        for (int version : new int[] {3, 4}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                byte[] file = DmSamples.file(version, order, image(DT_UINT16, FIVE_BY_THREE, samples(DT_UINT16), null));
                assertThat(GatanDm.sniff(file)).as("DM%d %s", version, order).isTrue();
            }
        }
    }

    @Test
    void sniffsNeitherTiffNorPngNorMrcNorRandomBytes() {
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] bigTiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 5};
        byte[] mrc = {0, 2, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}; // 512 x 512 x 1, mode 2, little-endian
        // big-endian, 3 x 512 x 1, mode 2, origin 0: alike a DM3 header up to the first tag
        byte[] narrowMrc = {0, 0, 0, 3, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(GatanDm.sniff(tiff)).isFalse();
        assertThat(GatanDm.sniff(bigTiff)).isFalse();
        assertThat(GatanDm.sniff(png)).isFalse();
        assertThat(GatanDm.sniff(mrc)).isFalse();
        assertThat(GatanDm.sniff(narrowMrc)).isFalse();
        assertThat(GatanDm.sniff(new byte[0])).isFalse();
        assertThat(GatanDm.sniff(new byte[] {0, 0, 0, 3})).isFalse();
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] noise = new byte[32];
            random.nextBytes(noise);
            assertThat(GatanDm.sniff(noise)).isFalse();
        }
    }

    @Test
    void aFileThatIsNotDmIsRefusedByName() {
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        assertThatThrownBy(() -> GatanDm.decode(tiff, "scan.tif"))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("scan.tif does not start as a DM3 or DM4 file");
    }
}
