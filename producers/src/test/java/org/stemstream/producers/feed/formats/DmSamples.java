package org.stemstream.producers.feed.formats;

import static org.stemstream.producers.feed.formats.DmFiles.BOOL;
import static org.stemstream.producers.feed.formats.DmFiles.FLOAT32;
import static org.stemstream.producers.feed.formats.DmFiles.INT16;
import static org.stemstream.producers.feed.formats.DmFiles.INT32;
import static org.stemstream.producers.feed.formats.DmFiles.array;
import static org.stemstream.producers.feed.formats.DmFiles.entry;
import static org.stemstream.producers.feed.formats.DmFiles.group;
import static org.stemstream.producers.feed.formats.DmFiles.item;
import static org.stemstream.producers.feed.formats.DmFiles.number;
import static org.stemstream.producers.feed.formats.DmFiles.struct;
import static org.stemstream.producers.feed.formats.DmFiles.structArray;
import static org.stemstream.producers.feed.formats.DmFiles.text;
import static org.stemstream.producers.feed.formats.DmFiles.utf16;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.stemstream.producers.feed.formats.DmFiles.Data;
import org.stemstream.producers.feed.formats.DmFiles.Entry;
import org.stemstream.producers.feed.formats.DmFiles.Group;

/**
 * Files as a microscope's DigitalMicrograph saves them ({@link DmFiles} writes the bytes): a
 * thumbnail first in the {@code ImageList}, named by the root's {@code Thumbnails}, then the image
 * with its data type, dimensions and calibrations, among the metadata a real file carries
 * (structs, colour tables) that the reader must step over.
 */
final class DmSamples {
    /** DigitalMicrograph image data types ({@code ImageData.DataType}). */
    static final int DT_INT16 = 1;
    static final int DT_FLOAT32 = 2;
    static final int DT_COMPLEX64 = 3;
    static final int DT_UINT8 = 6;
    static final int DT_INT32 = 7;
    static final int DT_INT8 = 9;
    static final int DT_UINT16 = 10;
    static final int DT_UINT32 = 11;
    static final int DT_FLOAT64 = 12;
    static final int DT_RGBA = 23;

    /** The thumbnail's pixels: were it read instead of the image, no test's pixels would match. */
    static final double[] THUMBNAIL = {9001, 9002, 9003, 9004, 9005, 9006};

    private DmSamples() {
    }

    /** One axis's calibration; units as DigitalMicrograph writes them (uint16 array) or as a string tag. */
    record Axis(double scale, String units, boolean unitsAsString) {
        static Axis of(double scale, String units) {
            return new Axis(scale, units, false);
        }
    }

    /** A file with a thumbnail and {@code image}. */
    static byte[] file(int version, ByteOrder order, Group image) {
        return DmFiles.file(version, order, root(image, true));
    }

    /** The root group: document metadata, the image list (thumbnail first unless left out) and the thumbnail index. */
    static Group root(Group image, boolean withThumbnail) {
        Group thumbnail = image(DT_UINT16, new long[] {3, 2}, THUMBNAIL, calibrations(Axis.of(1, ""), Axis.of(1, "")));
        return group(
                entry("ApplicationBounds", struct(new int[] {INT32, INT32, INT32, INT32}, 0, 0, 1024, 768)),
                entry("DocumentObjectList", group(item(group(
                        entry("AnnotationType", number(INT32, 20)),
                        entry("Rectangle", struct(new int[] {FLOAT32, FLOAT32, FLOAT32, FLOAT32}, 0, 0, 512, 512)))))),
                withThumbnail ? entry("ImageList", group(item(thumbnail), item(image))) : entry("ImageList", group(item(image))),
                entry("Thumbnails", withThumbnail ? group(item(group(
                        entry("ImageIndex", number(INT32, 0)),
                        entry("SourceSize_Pixels", array(INT32, 512, 512))))) : group()));
    }

    /** An image as DigitalMicrograph nests it: data, type, dimensions (x first), calibrations; null calibrations leave the group out. */
    static Group image(int dataType, long[] dims, double[] pixels, Group calibrations) {
        return image(dataType, dims, array(elementType(dataType), pixels), calibrations);
    }

    static Group image(int dataType, long[] dims, Data data, Group calibrations) {
        Entry[] dimensions = Arrays.stream(dims).mapToObj(d -> item(number(INT32, d))).toArray(Entry[]::new);
        Entry[] imageData = {
            entry("Calibrations", calibrations),
            entry("Data", data),
            entry("DataType", number(INT32, dataType)),
            entry("Dimensions", group(dimensions)),
            entry("PixelDepth", number(INT32, bytes(dataType)))};
        return group(
                entry("ImageData", calibrations == null ? group(Arrays.copyOfRange(imageData, 1, imageData.length)) : group(imageData)),
                entry("ImageTags", group(entry("GMS Version", group(entry("Created", text("3.51.3720.0")))))),
                entry("Name", utf16("HAADF 0007")),
                entry("UniqueID", struct(new int[] {INT32, INT32, INT32, INT32}, 1, 2, 3, 4)),
                entry("ImageDisplayInfo", group(entry("CLUT", structArray(new int[] {INT16, INT16, INT16}, 256)))));
    }

    static Group calibrations(Axis... axes) {
        Entry[] dims = Arrays.stream(axes).map(a -> item(group(
                entry("Origin", number(FLOAT32, 0)),
                entry("Scale", number(FLOAT32, a.scale())),
                entry("Units", a.unitsAsString() ? text(a.units()) : utf16(a.units()))))).toArray(Entry[]::new);
        return group(
                entry("Brightness", group(entry("Origin", number(FLOAT32, 0)), entry("Scale", number(FLOAT32, 1)), entry("Units", utf16("")))),
                entry("Dimension", group(dims)),
                entry("DisplayCalibratedUnits", number(BOOL, 1)));
    }

    /** Square pixels of {@code scale} {@code units}. */
    static Group calibrations(double scale, String units) {
        return calibrations(Axis.of(scale, units), Axis.of(scale, units));
    }

    /** The encoded type DigitalMicrograph gives the Data array of an image of this data type. */
    static int elementType(int dataType) {
        return switch (dataType) {
            case DT_INT16 -> INT16;
            case DT_FLOAT32, DT_COMPLEX64 -> FLOAT32;
            case DT_UINT8, DT_INT8 -> DmFiles.OCTET;
            case DT_INT32 -> INT32;
            case DT_UINT16 -> DmFiles.UINT16;
            case DT_UINT32, DT_RGBA -> DmFiles.UINT32;
            case DT_FLOAT64 -> DmFiles.FLOAT64;
            default -> throw new IllegalArgumentException("no test writes DataType " + dataType);
        };
    }

    static int bytes(int dataType) {
        return switch (dataType) {
            case DT_UINT8, DT_INT8 -> 1;
            case DT_INT16, DT_UINT16 -> 2;
            case DT_COMPLEX64, DT_FLOAT64 -> 8;
            default -> 4;
        };
    }
}
