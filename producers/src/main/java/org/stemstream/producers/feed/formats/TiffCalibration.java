package org.stemstream.producers.feed.formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFImageReadParam;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TIFF's own pixel size: its first IFD's tags in (the JDK TIFF plugin's metadata), the size in nm
 * out, or null when the file states none that reads as a microscope's. In this order:
 * <ol>
 * <li>FEI / Thermo Fisher: {@code [Scan] PixelWidth} (metres) in tag 34682 or 34680 ({@link FeiPixelSize});
 * <li>ImageJ: an ImageDescription (270) starting "ImageJ=" with a "unit=" line (nm, micron, um, A, ...;
 *     {@link LengthUnits}) and XResolution (282) in pixels per that unit; its "spacing=" is z only;
 * <li>plain TIFF: ResolutionUnit (296) 3, centimetre, with XResolution, when that gives under 1000 nm.
 *     Inch (2, also the default) and none (1) give null: 72 or 300 dpi is a print resolution.
 * </ol>
 * XResolution and YResolution more than 1 % apart, or not positive and finite, give null rather
 * than a refusal: resolution tags are often junk, and the sidecar or the feed's default still applies.
 */
public final class TiffCalibration {
    private static final Logger log = LoggerFactory.getLogger(TiffCalibration.class);
    /** The JDK plugin's native metadata format, the one whose tags these are. */
    public static final String NATIVE_FORMAT = "javax_imageio_tiff_image_1.0";
    public static final int FEI_SFEG = 34680;
    public static final int FEI_HELIOS = 34682;
    private static final int RESOLUTION_UNIT_INCH = 2;
    private static final int RESOLUTION_UNIT_CM = 3;
    private static final double NM_PER_CM = 1e7;
    /** A plain TIFF's centimetre resolution finer than this is a calibration; coarser, a print or scan resolution. */
    private static final double MAX_PLAIN_NM = 1000;

    private TiffCalibration() {
    }

    /**
     * What a TIFF's first IFD says beside its pixels.
     *
     * @param pixelSizeNm    its pixel size in nm ({@link #pixelSizeNm(IIOMetadata)}); null when none
     * @param imageJChannels the channels of an ImageJ hyperstack ("channels=" in its description): its
     *                       pages are then several detectors' images, not one's frames; 1 when none
     */
    public record Tags(Double pixelSizeNm, int imageJChannels) {
        static final Tags NONE = new Tags(null, 1);
    }

    /**
     * The tags of the TIFF that {@code in} holds from its start, read with {@code reader} (a TIFF
     * reader, after it has read the pixels: this resets its input). A second, metadata-only pass
     * because the pixel pass ignores metadata, and must: a junk tag (an XResolution of count 2,
     * say) makes the JDK refuse the whole IFD, and a file that decodes must not be refused for its
     * calibration. Never throws: {@link Tags#NONE} when the tags cannot be read.
     */
    public static Tags tags(ImageReader reader, ImageInputStream in) {
        try {
            in.seek(0);
            reader.setInput(in, true, false);
            TIFFImageReadParam param = new TIFFImageReadParam();
            // FEI's tags are in no tag set the JDK knows; a set of our own would not survive
            // getImageMetadata (it re-creates sets by class name, through the JDK's class loader)
            param.setReadUnknownTags(true);
            // the one call that loads the IFD under this param; the rendered image decodes no pixel until asked
            reader.readAsRenderedImage(0, param);
            IIOMetadata metadata = reader.getImageMetadata(0);
            return new Tags(pixelSizeNm(metadata), imageJChannels(metadata));
        } catch (IOException | RuntimeException e) {
            log.debug("TIFF tags unreadable, no file calibration: {}", e.toString());
            return Tags.NONE;
        }
    }

    /** The "channels=" of an ImageJ description; 1 when there is none, or it is not a count. */
    static int imageJChannels(IIOMetadata metadata) {
        if (metadata == null || !NATIVE_FORMAT.equals(metadata.getNativeMetadataFormatName())) {
            return 1;
        }
        try {
            String description = text(TIFFDirectory.createFromMetadata(metadata).getTIFFField(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION));
            String channels = imageJValue(description, "channels=");
            return channels == null ? 1 : Math.max(1, Integer.parseInt(channels.strip()));
        } catch (IIOInvalidTreeException | NumberFormatException e) {
            return 1;
        }
    }

    /** The pixel size in nm that TIFF image metadata ({@link #NATIVE_FORMAT}) states; null when none, or for other metadata. */
    public static Double pixelSizeNm(IIOMetadata metadata) {
        if (metadata == null || !NATIVE_FORMAT.equals(metadata.getNativeMetadataFormatName())) {
            return null;
        }
        TIFFDirectory ifd;
        try {
            ifd = TIFFDirectory.createFromMetadata(metadata);
        } catch (IIOInvalidTreeException e) {
            return null;
        }
        for (int tag : new int[] {FEI_HELIOS, FEI_SFEG}) {
            String ini = text(ifd.getTIFFField(tag));
            Double nm = ini == null ? null : FeiPixelSize.nm(ini);
            if (nm != null) {
                return nm;
            }
        }
        Double pixelsPerUnit = squareResolution(ifd);
        String imageJUnit = imageJUnit(text(ifd.getTIFFField(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION)));
        if (imageJUnit != null) {
            Double unitNm = LengthUnits.nm(imageJUnit);
            return unitNm == null || pixelsPerUnit == null ? null : positive(unitNm / pixelsPerUnit);
        }
        if (resolutionUnit(ifd) != RESOLUTION_UNIT_CM || pixelsPerUnit == null) {
            return null;
        }
        Double nm = positive(NM_PER_CM / pixelsPerUnit);
        return nm != null && nm < MAX_PLAIN_NM ? nm : null;
    }

    /** XResolution when it is positive and finite and YResolution, if stated, is within 1 % of it. */
    private static Double squareResolution(TIFFDirectory ifd) {
        Double x = resolution(ifd.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION));
        TIFFField yField = ifd.getTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION);
        Double y = resolution(yField);
        if (x == null || yField != null && (y == null || !LengthUnits.square(x, y))) {
            return null;
        }
        return x;
    }

    /** ResolutionUnit; inch, TIFF's default, when absent, and 0 (none we know) when not one integer. */
    private static int resolutionUnit(TIFFDirectory ifd) {
        TIFFField unit = ifd.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT);
        if (unit == null) {
            return RESOLUTION_UNIT_INCH;
        }
        return unit.isIntegral() && unit.getCount() == 1 ? unit.getAsInt(0) : 0;
    }

    private static Double resolution(TIFFField field) {
        // a rational of denominator 0 reads as infinite or NaN: refused by positive()
        return field == null || field.getCount() != 1 || field.getType() != TIFFTag.TIFF_RATIONAL ? null : positive(field.getAsDouble(0));
    }

    private static Double positive(double value) {
        return value > 0 && Double.isFinite(value) ? value : null;
    }

    /** The value of ImageJ's "unit=" line; null unless the description is ImageJ's and has one. */
    private static String imageJUnit(String description) {
        return imageJValue(description, "unit=");
    }

    /** The value of the ImageJ description's line that starts with {@code key}; null unless the description is ImageJ's and has one. */
    private static String imageJValue(String description, String key) {
        if (description == null || !description.startsWith("ImageJ=")) {
            return null;
        }
        for (String line : description.split("[\r\n]+")) {
            if (line.startsWith(key)) {
                return line.substring(key.length());
            }
        }
        return null;
    }

    /** A field's text: its strings joined by line breaks (a NUL ends each string), or its bytes as Latin-1. */
    private static String text(TIFFField field) {
        if (field == null) {
            return null;
        }
        if (field.getType() == TIFFTag.TIFF_ASCII) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < field.getCount(); i++) {
                s.append(field.getAsString(i)).append('\n');
            }
            return s.toString();
        }
        return field.getType() == TIFFTag.TIFF_BYTE || field.getType() == TIFFTag.TIFF_UNDEFINED
                ? new String(field.getAsBytes(), StandardCharsets.ISO_8859_1) : null;
    }
}
