package org.stemstream.producers.feed.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.producers.feed.Sidecar;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.io.PixelScaling;
import org.stemstream.simulator.io.TiffWriter;

class TiffCalibrationTest {
    private static final int DESCRIPTION = 270;
    private static final int X_RESOLUTION = 282;
    private static final int Y_RESOLUTION = 283;
    private static final int RESOLUTION_UNIT = 296;
    private static final String IMAGEJ_NM = "ImageJ=1.54f\nunit=nm\nspacing=7.5\nloop=false\n";
    private static final String FEI_INI = "[User]\r\nDate=03/14/2024\r\nUser=supervisor\r\n\r\n[Beam]\r\nHV=30000\r\n"
            + "[Scan]\r\nInternalScan=true\r\nDwelltime=1e-006\r\nPixelWidth=2.5e-010\r\nPixelHeight=2.5e-010\r\nHorFieldsize=2.56e-007\r\n"
            + "[EScan]\r\nPixelWidth=9e-009\r\n\0\0\0";

    @Test
    void anImageJTiffInNmStatesItsPixelSize() throws Exception {
        assertThat(calibration(ascii(DESCRIPTION, IMAGEJ_NM), rational(X_RESOLUTION, "4000000/1000000"), rational(Y_RESOLUTION, "4000000/1000000"),
                shorts(RESOLUTION_UNIT, 1))).isEqualTo(0.25);
    }

    @ParameterizedTest(name = "unit={0} at {1} pixels a unit -> {2} nm")
    @CsvSource(delimiter = '|', value = {
        "micron|4|250", "um|4|250", "\\u00B5m|4|250", "\u00B5m|4|250", "\u03BCm|4|250", "microns|2|500",
        "nm|2|0.5", "A|4|0.025", "\\u00C5|4|0.025", "angstrom|1|0.1", "pm|8|0.000125", "mm|4000|250", "cm|40000000|0.25", "m|4000000000|0.25"})
    void anImageJUnitIsReadInAnyOfItsSpellings(String unit, String pixelsPerUnit, double nm) throws Exception {
        String description = "ImageJ=1.54f\nimages=1\nunit=" + unit + "\n";
        assertThat(calibration(ascii(DESCRIPTION, description), rational(X_RESOLUTION, pixelsPerUnit + "/1"), rational(Y_RESOLUTION, pixelsPerUnit + "/1"),
                shorts(RESOLUTION_UNIT, unit.equals("cm") ? 3 : 1))).isCloseTo(nm, within(nm * 1e-12));
    }

    @Test
    void anImageJUnitThatIsNoLengthIsNoCalibration() throws Exception {
        assertThat(calibration(ascii(DESCRIPTION, "ImageJ=1.54f\nunit=pixel\n"), rational(X_RESOLUTION, "1/1"), shorts(RESOLUTION_UNIT, 1))).isNull();
        assertThat(calibration(ascii(DESCRIPTION, "ImageJ=1.54f\nunit=inch\n"), rational(X_RESOLUTION, "300/1"), shorts(RESOLUTION_UNIT, 2))).isNull();
        assertThat(calibration(ascii(DESCRIPTION, "ImageJ=1.54f\nimages=1\n"), rational(X_RESOLUTION, "4/1"), shorts(RESOLUTION_UNIT, 1)))
                .as("uncalibrated ImageJ: no unit line").isNull();
        assertThat(calibration(ascii(DESCRIPTION, "acquired\nunit=nm\n"), rational(X_RESOLUTION, "4/1"), shorts(RESOLUTION_UNIT, 1)))
                .as("not ImageJ's description").isNull();
    }

    @Test
    void aCentimetreResolutionIsACalibrationOnlyBelow1000Nm() throws Exception {
        assertThat(calibration(rational(X_RESOLUTION, "40000000/1"), rational(Y_RESOLUTION, "40000000/1"), shorts(RESOLUTION_UNIT, 3))).isEqualTo(0.25);
        assertThat(calibration(rational(X_RESOLUTION, "100000/1"), rational(Y_RESOLUTION, "100000/1"), shorts(RESOLUTION_UNIT, 3))).isEqualTo(100.0);
        assertThat(calibration(rational(X_RESOLUTION, "10000/1"), rational(Y_RESOLUTION, "10000/1"), shorts(RESOLUTION_UNIT, 3)))
                .as("1000 nm: a scan resolution").isNull();
        assertThat(calibration(rational(X_RESOLUTION, "11811/100"), rational(Y_RESOLUTION, "11811/100"), shorts(RESOLUTION_UNIT, 3)))
                .as("300 dpi in cm").isNull();
    }

    @Test
    void printResolutionsAndDimensionlessOnesAreNoCalibration() throws Exception {
        assertThat(calibration(rational(X_RESOLUTION, "72/1"), rational(Y_RESOLUTION, "72/1"), shorts(RESOLUTION_UNIT, 2))).isNull();
        assertThat(calibration(rational(X_RESOLUTION, "300/1"), rational(Y_RESOLUTION, "300/1"), shorts(RESOLUTION_UNIT, 2))).isNull();
        assertThat(calibration(rational(X_RESOLUTION, "254000000/1"), rational(Y_RESOLUTION, "254000000/1"), shorts(RESOLUTION_UNIT, 2)))
                .as("inch is always print, however fine").isNull();
        assertThat(calibration(rational(X_RESOLUTION, "40000000/1"), rational(Y_RESOLUTION, "40000000/1"), shorts(RESOLUTION_UNIT, 1))).isNull();
        assertThat(TiffCalibration.pixelSizeNm(metadata(rational(X_RESOLUTION, "40000000/1"), rational(Y_RESOLUTION, "40000000/1"))))
                .as("no ResolutionUnit: TIFF's default, inch").isNull();
    }

    @Test
    void xAndYResolutionsMoreThanOnePercentApartOrNotPositiveGiveNoCalibration() throws Exception {
        assertThat(calibration(rational(X_RESOLUTION, "40000000/1"), rational(Y_RESOLUTION, "40800000/1"), shorts(RESOLUTION_UNIT, 3))).isNull();
        assertThat(calibration(ascii(DESCRIPTION, IMAGEJ_NM), rational(X_RESOLUTION, "4/1"), rational(Y_RESOLUTION, "41/10"), shorts(RESOLUTION_UNIT, 1)))
                .isNull();
        assertThat(calibration(rational(X_RESOLUTION, "40000000/1"), rational(Y_RESOLUTION, "40200000/1"), shorts(RESOLUTION_UNIT, 3)))
                .as("0.5 % apart").isCloseTo(0.25, within(1e-12));
        assertThat(calibration(rational(X_RESOLUTION, "0/1"), rational(Y_RESOLUTION, "0/1"), shorts(RESOLUTION_UNIT, 3))).isNull();
        assertThat(calibration(rational(X_RESOLUTION, "1/0"), rational(Y_RESOLUTION, "1/0"), shorts(RESOLUTION_UNIT, 3))).isNull();
        assertThat(calibration(ascii(DESCRIPTION, IMAGEJ_NM), rational(X_RESOLUTION, "0/0"), shorts(RESOLUTION_UNIT, 1))).isNull();
    }

    @Test
    void anFeiTiffStatesItsScanPixelWidthInMetres() throws Exception {
        assertThat(calibration(ascii(TiffCalibration.FEI_HELIOS, FEI_INI), rational(X_RESOLUTION, "72/1"), shorts(RESOLUTION_UNIT, 2)))
                .isCloseTo(0.25, within(1e-12));
        assertThat(calibration(ascii(TiffCalibration.FEI_SFEG, FEI_INI))).isCloseTo(0.25, within(1e-12));
        assertThat(calibration(ascii(TiffCalibration.FEI_HELIOS, "[EScan]\r\nPixelWidth=3.0517578125e-009\r\nPixelHeight=3.0517578125e-009\r\n")))
                .as("no [Scan]: the electron scan's").isCloseTo(3.0517578125, within(1e-9));
        assertThat(calibration(undefined(TiffCalibration.FEI_HELIOS, FEI_INI))).as("stored as bytes").isCloseTo(0.25, within(1e-12));
        assertThat(calibration(ascii(TiffCalibration.FEI_HELIOS, "[Scan]\r\nPixelWidth=2.5e-010\r\nPixelHeight=3e-010\r\n"))).isNull();
        assertThat(calibration(ascii(TiffCalibration.FEI_HELIOS, "[Scan]\r\nPixelWidth=0\r\n[Beam]\r\nPixelWidth=1e-9\r\n"))).isNull();
        assertThat(calibration(ascii(TiffCalibration.FEI_HELIOS, "[Scan]\r\nPixelWidth=wide\r\n"))).isNull();
    }

    @Test
    void anImageJTiffGivesTheFeedItsPixelSizeAndAPngNone() throws Exception {
        byte[] tiff = tiff(ascii(DESCRIPTION, IMAGEJ_NM), rational(X_RESOLUTION, "4/1"), rational(Y_RESOLUTION, "4/1"), shorts(RESOLUTION_UNIT, 1));
        AcquiredImages.Decoded decoded = AcquiredImages.decode(tiff, "grid_0001.tif");
        assertThat(decoded.pixelSizeNm()).isEqualTo(0.25);
        assertThat(decoded.image().pixels()).as("the pixels are read as before").containsExactly(ramp());
        StemImage published = AcquiredImages.toStemImage("acq-1", "grid_0001.tif", decoded, Sidecar.NONE, Double.NaN, "lab", Instant.EPOCH);
        assertThat(published.getPixelSizeNm()).isEqualTo(0.25);
        assertThat(published.getProvenance().get(0).getParameters()).containsEntry("fileCalibrationNm", 0.25);

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY), "png", png);
        assertThat(AcquiredImages.decode(png.toByteArray(), "grid_0002.png").pixelSizeNm()).isNull();
    }

    @Test
    void junkMetadataCostsTheCalibrationNeverTheImage() throws Exception {
        byte[] plain = TiffWriter.encode(Image.of(4, 3, ramp()), PixelScaling.COUNTS, "ImageJ=1.54f\nunit=nm\n");
        assertThat(AcquiredImages.decode(plain, "fine.tif").pixelSizeNm()).as("resolution 1/1 in nm").isEqualTo(1.0);
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        int entries = b.getShort(8);
        for (int i = 0; i < entries; i++) { // TiffWriter's XResolution: count 1 -> 2, which the JDK refuses for the whole IFD
            int entry = 10 + 12 * i;
            if (b.getShort(entry) == X_RESOLUTION) {
                b.putInt(entry + 4, 2);
            }
        }
        AcquiredImages.Decoded decoded = AcquiredImages.decode(plain, "junk.tif");
        assertThat(decoded.image().pixels()).containsExactly(ramp());
        assertThat(decoded.pixelSizeNm()).isNull();
        assertThat(AcquiredImages.decode(TiffWriter.encode(Image.of(4, 3, ramp()), PixelScaling.COUNTS, "acquired"), "plain.tif").pixelSizeNm())
                .as("the simulator's TIFF: resolution 1/1, unit none").isNull();
    }

    @Test
    void metadataOfNoTiffIsNoCalibration() throws IOException {
        assertThat(TiffCalibration.pixelSizeNm(null)).isNull();
        ImageWriter png = ImageIO.getImageWritersByFormatName("png").next();
        try {
            BufferedImage bi = new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY);
            assertThat(TiffCalibration.pixelSizeNm(png.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(bi), null))).isNull();
        } finally {
            png.dispose();
        }
    }

    /** An ImageJ hyperstack's pages are its channels (detectors), not frames of one: refused; a plain ImageJ stack is a stack. */
    @Test
    void anImageJHyperstackOfSeveralChannelsIsRefusedAndAStackRead() throws Exception {
        byte[] hyperstack = pages(2, ascii(DESCRIPTION, "ImageJ=1.54f\nimages=2\nchannels=2\nhyperstack=true\nunit=nm\n"),
                rational(X_RESOLUTION, "4/1"), rational(Y_RESOLUTION, "4/1"));
        assertThat(catchThrowable(() -> AcquiredImages.decode(hyperstack, "haadf-bf.tif"))).isInstanceOf(RejectedFileException.class)
                .hasMessage("haadf-bf.tif is an ImageJ hyperstack of 2 channels (2 pages): its pages are several detectors' images, "
                        + "not frames of one; save each channel on its own");
        byte[] stack = pages(3, ascii(DESCRIPTION, "ImageJ=1.54f\nimages=3\nslices=3\nunit=nm\n"), rational(X_RESOLUTION, "4/1"),
                rational(Y_RESOLUTION, "4/1"));
        AcquiredImages.Decoded frames = AcquiredImages.decode(stack, "tilt.tif");
        assertThat(frames.frames()).hasSize(3);
        assertThat(frames.pixelSizeNm()).isEqualTo(0.25);
    }

    /** {@code n} pages of 4 x 3 16-bit grey, the first with these fields in its IFD. */
    private static byte[] pages(int n, IIOMetadataNode... fields) throws IOException {
        BufferedImage bi = new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < n; i++) {
                writer.writeToSequence(new IIOImage(bi, null, i == 0 ? metadata(writer, bi, fields) : null), writer.getDefaultWriteParam());
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static Double calibration(IIOMetadataNode... fields) throws IOException, RejectedFileException {
        return AcquiredImages.decode(tiff(fields), "scan.tif").pixelSizeNm();
    }

    /** A 4 x 3 16-bit grey TIFF from the JDK's own writer, these native-tree fields added to its IFD. */
    private static byte[] tiff(IIOMetadataNode... fields) throws IOException {
        BufferedImage bi = new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY);
        float[] counts = ramp();
        for (int i = 0; i < counts.length; i++) {
            bi.getRaster().setSample(i % 4, i / 4, 0, (int) counts[i]);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(bi, null, metadata(writer, bi, fields)), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static IIOMetadata metadata(IIOMetadataNode... fields) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try {
            return metadata(writer, new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY), fields);
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadata metadata(ImageWriter writer, BufferedImage bi, IIOMetadataNode... fields) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(bi), param);
        IIOMetadataNode ifd = new IIOMetadataNode("TIFFIFD");
        for (IIOMetadataNode field : fields) {
            ifd.appendChild(field);
        }
        IIOMetadataNode root = new IIOMetadataNode(TiffCalibration.NATIVE_FORMAT);
        root.appendChild(ifd);
        metadata.mergeTree(TiffCalibration.NATIVE_FORMAT, root);
        return metadata;
    }

    /** {@code <TIFFField number=.. ><TIFFRationals><TIFFRational value="num/den"/></TIFFRationals></TIFFField>} */
    private static IIOMetadataNode rational(int number, String value) {
        return field(number, "TIFFRationals", "TIFFRational", value);
    }

    private static IIOMetadataNode shorts(int number, int value) {
        return field(number, "TIFFShorts", "TIFFShort", Integer.toString(value));
    }

    private static IIOMetadataNode ascii(int number, String value) {
        return field(number, "TIFFAsciis", "TIFFAscii", value);
    }

    /** {@code <TIFFUndefined value="b0,b1,..."/>}: the text's bytes, as some writers store FEI's tag. */
    private static IIOMetadataNode undefined(int number, String text) {
        StringBuilder bytes = new StringBuilder();
        for (char c : text.toCharArray()) {
            bytes.append(bytes.length() == 0 ? "" : ",").append((int) c);
        }
        IIOMetadataNode value = new IIOMetadataNode("TIFFUndefined");
        value.setAttribute("value", bytes.toString());
        IIOMetadataNode field = new IIOMetadataNode("TIFFField");
        field.setAttribute("number", Integer.toString(number));
        field.appendChild(value);
        return field;
    }

    private static IIOMetadataNode field(int number, String listName, String valueName, String value) {
        IIOMetadataNode item = new IIOMetadataNode(valueName);
        item.setAttribute("value", value);
        IIOMetadataNode list = new IIOMetadataNode(listName);
        list.appendChild(item);
        IIOMetadataNode field = new IIOMetadataNode("TIFFField");
        field.setAttribute("number", Integer.toString(number));
        field.appendChild(list);
        return field;
    }

    private static float[] ramp() {
        float[] counts = new float[12];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 1000 * i + 7;
        }
        return counts;
    }
}
