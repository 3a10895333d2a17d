package org.stemstream.producers.feed.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.simulator.Image;

/**
 * MRC (MRC2014, and the older files it extends) as cryo-EM and tomography software writes it: a
 * file's bytes in, its {@link AcquiredImages.Decoded} image or stack out, or a
 * {@link RejectedFileException} saying why not. Reference: the MRC2014 standard (ccpem.ac.uk/mrc_format/mrc2014.php) as
 * ccpem/mrcfile reads it ({@code dtypes.py}, {@code utils.py}), and IMOD's {@code mrc_format.txt}.
 *
 * <p>Read: one section (nz = 1), or a stack of images (space group 0, as MRC2014 marks them: a
 * tilt series, a {@code .mrcs} particle stack; at most {@link AcquiredImages#MAX_FRAMES} sections)
 * read section by section as frames; modes 0 (int8; unsigned bytes where IMOD's flags say so), 1
 * (int16), 2 (float32), 6 (uint16) and 12 (half float), either byte order. Mode 6 and unsigned
 * bytes are published as UINT16, the rest as FLOAT32. Rows are kept in file order (row 0 of the
 * file is row 0 of the image, as mrcfile and numpy give it; IMOD draws it at the bottom). The
 * pixel size is cella / mx (Å), in nm; none when the cell is unset or exactly 1 Å a pixel (what
 * IMOD writes when it knows no pixel size). Refused: stacks and volumes, complex, RGB and 4-bit
 * modes, non-square pixels, non-finite samples, sizes the file does not hold; volumes (space
 * group 1 and up: a tomogram is not views of a particle).
 */
public final class Mrc {
    public static final String FORMAT = "mrc";
    /** What IMOD writes as cella when it knows no pixel size: cella = mx, i.e. 1 Å a pixel. */
    private static final double PLACEHOLDER_ANGSTROM = 1.0;

    private Mrc() {
    }

    /**
     * Whether {@code bytes} look like an MRC file: "MAP " at byte 208 and a machine stamp we know,
     * or (files older than MRC2014) a header that is consistent in one byte order and describes data
     * the file holds. TIFF and PNG never sniff as MRC, whatever their headers happen to read as.
     */
    public static boolean sniff(byte[] bytes) {
        if (bytes.length < MrcHeader.BYTES || isTiffOrPng(bytes)) {
            return false;
        }
        ByteOrder order = MrcHeader.byteOrder(bytes);
        return MrcHeader.isStamped(bytes) || order != null && MrcHeader.read(bytes, order).consistent(bytes.length);
    }

    /** Decodes the single image of an MRC file held in memory. Every size is checked before anything is allocated. */
    public static AcquiredImages.Decoded decode(byte[] bytes, String fileName) throws RejectedFileException {
        if (bytes.length < MrcHeader.BYTES) {
            throw new RejectedFileException(fileName + " is " + bytes.length + " bytes; an MRC file starts with a " + MrcHeader.BYTES + "-byte header");
        }
        ByteOrder order = MrcHeader.byteOrder(bytes);
        if (order == null) {
            throw new RejectedFileException(fileName + " is not an MRC file: no known machine stamp at byte 212 (" + MrcHeader.stamp(bytes)
                    + ") and its header describes no data it holds in either byte order");
        }
        MrcHeader h = MrcHeader.read(bytes, order);
        MrcMode mode = checkedMode(h, fileName);
        long pixels = (long) h.nx() * h.ny();
        if (pixels > AcquiredImages.MAX_PIXELS) {
            throw new RejectedFileException(fileName + " is " + h.nx() + "x" + h.ny() + " = " + pixels + " pixels; the feed decodes frames of 1.." + AcquiredImages.MAX_PIXELS);
        }
        AcquiredImages.checkStack(fileName, h.nx(), h.ny(), h.nz());
        if (h.nsymbt() < 0) {
            throw new RejectedFileException(fileName + " states an extended header of " + h.nsymbt() + " bytes; it cannot be negative");
        }
        long start = MrcHeader.BYTES + (long) h.nsymbt();
        long dataBytes = pixels * mode.bytes * h.nz();
        if (start + dataBytes > bytes.length) {
            throw new RejectedFileException(fileName + " is truncated: its header states " + dataBytes + " bytes of " + h.nx() + "x" + h.ny()
                    + (h.nz() > 1 ? "x" + h.nz() : "") + " mode-" + h.mode() + " pixels from byte " + start + ", but the file has "
                    + bytes.length + " bytes");
        }
        Double pixelSizeNm = pixelSizeNm(h, fileName);
        ByteBuffer data = ByteBuffer.wrap(bytes).order(order).position((int) start);
        List<Image> frames = new ArrayList<>(h.nz());
        for (int z = 0; z < h.nz(); z++) { // sections follow one another; each read leaves data at the next
            float[] px = mode.read(data, (int) pixels);
            for (float p : px) {
                if (!Float.isFinite(p)) {
                    throw new RejectedFileException(fileName + " holds non-finite samples (" + p + (h.nz() > 1 ? " in section " + z : "") + ")");
                }
            }
            frames.add(Image.wrap(h.nx(), h.ny(), px));
        }
        return new AcquiredImages.Decoded(frames, mode.bits(), mode.encoding, FORMAT, pixelSizeNm);
    }

    /** The mode to read one image in, after the sizes that make it one image. */
    private static MrcMode checkedMode(MrcHeader h, String fileName) throws RejectedFileException {
        if (h.nx() < 1 || h.ny() < 1 || h.nz() < 1) {
            throw new RejectedFileException(fileName + " states a size of " + h.nx() + "x" + h.ny() + "x" + h.nz() + "; each must be at least 1");
        }
        if (h.nz() > 1 && h.ispg() != 0) {
            throw new RejectedFileException(fileName + " holds a volume (space group " + h.ispg() + ", " + h.nz() + " sections of " + h.nx()
                    + "x" + h.ny() + "); the feed reads images and stacks of them (space group 0)");
        }

        MrcMode mode = MrcMode.of(h);
        if (mode != null) {
            return mode;
        }
        String what = switch (h.mode()) {
            case 3, 4 -> "complex numbers (mode " + h.mode() + ", a Fourier transform), not an image";
            case 16 -> "RGB colour (mode 16), not intensities";
            case 101 -> "4-bit packed counts (mode 101), which the feed does not unpack: save it as mode 6 (unsigned 16-bit)";
            default -> "mode " + h.mode() + ", which is no MRC image mode (0, 1, 2, 6, 12)";
        };
        throw new RejectedFileException(fileName + " holds " + what);
    }

    /**
     * cella.x / mx in nm; null when unset (cella or mx not positive, or not finite) or IMOD's 1 Å
     * placeholder. A real calibration of exactly 1.000 Å is then lost: the sidecar or the feed's
     * default has to give it, which beats publishing "uncalibrated" as 0.1 nm.
     */
    private static Double pixelSizeNm(MrcHeader h, String fileName) throws RejectedFileException {
        Double x = spacingAngstrom(h.cellaX(), h.mx());
        Double y = spacingAngstrom(h.cellaY(), h.my());
        if (x == null) {
            return null;
        }
        if (y != null && !LengthUnits.square(x, y)) {
            throw new RejectedFileException(String.format(Locale.ROOT, "%s has pixels of %.4g x %.4g Å (cella %s x %s Å over %d x %d); the feed needs square pixels",
                    fileName, x, y, h.cellaX(), h.cellaY(), h.mx(), h.my()));
        }
        return x == PLACEHOLDER_ANGSTROM ? null : x / 10;
    }

    private static Double spacingAngstrom(float cell, int intervals) {
        double spacing = (double) cell / intervals;
        return cell > 0 && intervals > 0 && Double.isFinite(spacing) ? spacing : null;
    }

    private static boolean isTiffOrPng(byte[] b) {
        // classic TIFF is 42, BigTIFF 43
        boolean tiff = b[0] == 'I' && b[1] == 'I' && (b[2] == 42 || b[2] == 43) && b[3] == 0
                || b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 42 || b[3] == 43);
        boolean png = (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        return tiff || png;
    }
}
