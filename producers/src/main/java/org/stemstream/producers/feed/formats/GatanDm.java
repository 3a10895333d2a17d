package org.stemstream.producers.feed.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.AcquiredImages.Decoded;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.simulator.Image;

/**
 * Gatan DigitalMicrograph files (.dm3, .dm4), as microscopes' acquisition software writes them:
 * the file's bytes in, its image as {@link Decoded} out (format {@code dm3} or {@code dm4}), or a
 * {@link RejectedFileException} saying why not.
 *
 * <p>The image read is the last of {@code ImageList} that the root's {@code Thumbnails} does not
 * name (the thumbnail comes first). It must be one 2-D grey image, or a stack of them (x, y,
 * frame: a tilt series, a series of exposures; at most {@link AcquiredImages#MAX_FRAMES} frames),
 * each of at most {@link AcquiredImages#MAX_PIXELS} pixels, with finite samples (a spectrum, or a
 * spectrum image whose third axis is in eV, is refused); uint8 and uint16 data are published as UINT16, the rest as FLOAT32, as for TIFF. The
 * pixel size is the x calibration in nm ({@link DmCalibration}).
 */
public final class GatanDm {
    private GatanDm() {
    }

    /**
     * Whether {@code bytes} start as a DM3 or DM4 file: a big-endian version 3 or 4, the root
     * length (32-bit in DM3, a non-negative 64-bit in DM4), a byte order of 0 or 1, the root
     * group's sorted and open flags, each 0 or 1, at least one root tag, and a first tag that is
     * a group (20) or data (21). TIFF and PNG fail at the version; so does MRC, but for a
     * big-endian MRC 3 or 4 pixels wide, which fails at the first tag.
     */
    public static boolean sniff(byte[] bytes) {
        if (bytes.length < 4) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int version = b.getInt(0);
        int orderAt = version == 3 ? 8 : 12;
        int countAt = orderAt + 6;
        int firstTagAt = countAt + (version == 3 ? 4 : 8);
        if (version != 3 && version != 4 || bytes.length <= firstTagAt || version == 4 && b.getLong(4) < 0) {
            return false;
        }
        int order = b.getInt(orderAt);
        long count = version == 3 ? b.getInt(countAt) : b.getLong(countAt);
        int firstTag = bytes[firstTagAt];
        return (order == 0 || order == 1) && (bytes[orderAt + 4] & 0xfe) == 0 && (bytes[orderAt + 5] & 0xfe) == 0
                && count > 0 && (firstTag == 20 || firstTag == 21);
    }

    /**
     * A whole DM3 or DM4 file in memory, {@code fileName} only for the reasons given, to its image,
     * bits of its stored data type, encoding, format ({@code dm3}, {@code dm4}) and pixel size in nm
     * (null when it states none); refused when it holds no single grey 2-D image or is malformed.
     */
    public static Decoded decode(byte[] bytes, String fileName) throws RejectedFileException {
        if (!sniff(bytes)) {
            throw new RejectedFileException(fileName + " does not start as a DM3 or DM4 file");
        }
        try {
            int version = bytes[3];
            ByteOrder order = ByteBuffer.wrap(bytes).getInt(version == 3 ? 8 : 12) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            DmTag.Group root = DmTagParser.parse(bytes, fileName, version, order);
            DmTag.Group imageData = imageData(root, fileName);
            return read(imageData, bytes, order, fileName, "dm" + version);
        } catch (RejectedFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RejectedFileException("cannot decode " + fileName + ": " + e, e);
        }
    }

    /** The {@code ImageData} of the last image in {@code ImageList} that is not a thumbnail. */
    private static DmTag.Group imageData(DmTag.Group root, String fileName) throws RejectedFileException {
        DmTag.Group list = root.group("ImageList");
        if (list == null) {
            throw new RejectedFileException(fileName + " holds no ImageList: a DigitalMicrograph file without an image");
        }
        List<DmTag.Group> images = list.groups();
        Set<Long> thumbnails = new HashSet<>();
        DmTag.Group thumbs = root.group("Thumbnails");
        for (DmTag.Group t : thumbs == null ? List.<DmTag.Group>of() : thumbs.groups()) {
            if (t.get("ImageIndex") instanceof DmTag.Number n) {
                thumbnails.add((long) n.value());
            }
        }
        for (int i = images.size() - 1; i >= 0; i--) {
            if (!thumbnails.contains((long) i)) {
                DmTag.Group imageData = images.get(i).group("ImageData");
                if (imageData == null) {
                    throw new RejectedFileException(fileName + ": image " + i + " of its ImageList has no ImageData");
                }
                return imageData;
            }
        }
        throw new RejectedFileException(fileName + " holds no image but thumbnails (" + images.size() + " in its ImageList)");
    }

    private static Decoded read(DmTag.Group imageData, byte[] bytes, ByteOrder order, String fileName, String format)
            throws RejectedFileException {
        long[] dims = dimensions(imageData, fileName);
        int w = (int) dims[0];
        int h = (int) dims[1];
        int frames = (int) dims[2];
        String frameUnits = frames > 1 ? DmCalibration.units(imageData.group("Calibrations"), 2, bytes) : null;
        if (frameUnits != null && frameUnits.toLowerCase(java.util.Locale.ROOT).endsWith("ev")) {
            throw new RejectedFileException(fileName + " holds a spectrum image (" + w + "x" + h + " pixels of " + frames
                    + " channels in " + frameUnits + "); the feed reads images");
        }
        if ((long) w * h > AcquiredImages.MAX_PIXELS) {
            throw new RejectedFileException(fileName + " is " + w + "x" + h + " = " + (long) w * h + " pixels; the feed decodes frames of 1.."
                    + AcquiredImages.MAX_PIXELS);
        }
        AcquiredImages.checkStack(fileName, w, h, frames);
        if (!(imageData.get("DataType") instanceof DmTag.Number code) || !code.isInteger()) {
            throw new RejectedFileException(fileName + " states no DataType for its image");
        }
        DmDataType type = DmDataType.of((long) code.value(), fileName);
        if (!(imageData.get("Data") instanceof DmTag.Array data)) {
            throw new RejectedFileException(fileName + " holds no Data array for its image");
        }
        long expected = (long) w * h * frames * type.bytes;
        if (data.byteLength() != expected) {
            throw new RejectedFileException(fileName + "'s image Data holds " + data.byteLength() + " bytes; " + w + "x" + h
                    + (frames > 1 ? "x" + frames : "") + " " + type + " pixels need " + expected);
        }
        ByteBuffer samples = ByteBuffer.wrap(bytes).order(order);
        List<Image> images = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) { // x fastest, then y, then the frame
            float[] px = new float[w * h];
            long first = data.offset() + (long) f * w * h * type.bytes;
            for (int i = 0; i < px.length; i++) {
                px[i] = type.read(samples, (int) (first + (long) i * type.bytes));
                if (!Float.isFinite(px[i])) {
                    throw new RejectedFileException(fileName + " holds non-finite samples (" + px[i] + " at pixel " + i
                            + (frames > 1 ? " of frame " + f : "") + ")");
                }
            }
            images.add(Image.wrap(w, h, px));
        }
        Double nm = DmCalibration.pixelSizeNm(imageData.group("Calibrations"), bytes, fileName);
        return new Decoded(images, type.bits(), type.encoding(), format, nm);
    }

    /** Width, height and frames (1 for an image); DigitalMicrograph lists x first. */
    private static long[] dimensions(DmTag.Group imageData, String fileName) throws RejectedFileException {
        DmTag.Group group = imageData.group("Dimensions");
        if (group == null) {
            throw new RejectedFileException(fileName + " states no Dimensions for its image");
        }
        List<Long> dims = new ArrayList<>();
        for (DmTag.Entry e : group.entries()) {
            if (!(e.tag() instanceof DmTag.Number n) || !n.isInteger() || !(n.value() >= 1 && n.value() <= Integer.MAX_VALUE)) {
                throw new RejectedFileException(fileName + " has an image dimension that is not a size of 1.." + Integer.MAX_VALUE
                        + " (" + (e.tag() instanceof DmTag.Number m ? m.value() : e.tag()) + ")");
            }
            dims.add((long) n.value());
        }
        String shape = dims.stream().map(String::valueOf).reduce((a, b) -> a + "x" + b).orElse("nothing");
        if (dims.size() < 2) {
            throw new RejectedFileException(fileName + " holds a " + dims.size() + "-D dataset (" + shape
                    + ", a spectrum?); the feed reads 2-D images");
        }
        long frames = dims.size() > 2 ? dims.get(2) : 1;
        if (dims.stream().skip(3).anyMatch(d -> d > 1)) {
            throw new RejectedFileException(fileName + " holds a " + dims.size() + "-D dataset (" + shape
                    + "); the feed reads 2-D images and stacks of them");
        }
        return new long[] {dims.get(0), dims.get(1), frames};
    }
}
