package org.stemstream.producers.feed.formats;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.AcquiredImages.Decoded;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.io.ImageReaders;

/**
 * TIFF and PNG through the JDK's ImageIO: a file's bytes in, its image (or a multi-page TIFF's
 * stack) as {@link Decoded} out, or a {@link RejectedFileException} saying why not.
 *
 * <p>Accepted: TIFF (every page of the first page's size: a multi-page TIFF is a stack) and PNG,
 * grey, 1..16-bit unsigned integer samples (published as UINT16, values unchanged) or signed
 * 16-bit, 32-bit integer and float samples (published as FLOAT32). Colour images become the mean of
 * their colour bands ({@link ImageReaders#toImage}) and are published as FLOAT32. Palette images
 * are rejected: their samples are palette indices, not intensities; a palette that is a ramp of
 * greys (how 1-, 2- and 4-bit grey PNGs are read) counts as grey, its indices being the grey
 * levels. The image size is checked before decoding, so a hostile header cannot exhaust memory. A
 * TIFF's own pixel size ({@link TiffCalibration}: FEI, ImageJ, centimetre resolution) becomes
 * {@link Decoded#pixelSizeNm}; a PNG has none.
 */
public final class TiffPng {
    private static final Set<String> FORMATS = Set.of("tif", "tiff", "png");

    private TiffPng() {
    }

    /** Decodes a TIFF or PNG held in memory; any other content is refused, naming the formats the feed reads. */
    public static Decoded decode(byte[] bytes, String fileName) throws RejectedFileException {
        // in memory: ImageIO.createImageInputStream would spill to a temporary file
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RejectedFileException("no image reader understands " + fileName + " (expected TIFF, PNG, DM3/DM4, MRC or Velox EMD)");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new RejectedFileException(fileName + " is " + format.toUpperCase(Locale.ROOT)
                            + "; the feed accepts TIFF, PNG, DM3/DM4, MRC and Velox EMD only");
                }
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || (long) w * h > AcquiredImages.MAX_PIXELS) {
                    throw new RejectedFileException(fileName + " is " + w + "x" + h + " = " + (long) w * h
                            + " pixels; the feed decodes frames of 1.." + AcquiredImages.MAX_PIXELS);
                }
                List<BufferedImage> pages = new ArrayList<>(List.of(reader.read(0)));
                if (format.startsWith("tif")) {
                    morePages(reader, w, h, fileName, pages);
                }
                // PNG's pHYs is, in practice, always a print resolution: no calibration
                TiffCalibration.Tags tags = format.startsWith("tif") ? TiffCalibration.tags(reader, in) : TiffCalibration.Tags.NONE;
                if (pages.size() > 1 && tags.imageJChannels() > 1) {
                    throw new RejectedFileException(fileName + " is an ImageJ hyperstack of " + tags.imageJChannels() + " channels ("
                            + pages.size() + " pages): its pages are several detectors' images, not frames of one; save each channel on its own");
                }
                return decoded(pages, fileName, format, tags.pixelSizeNm());
            } finally {
                reader.dispose();
            }
        } catch (RejectedFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RejectedFileException("cannot decode " + fileName + ": " + e, e);
        }
    }

    /**
     * A multi-page TIFF's further pages of the first page's size: a stack's frames (a tilt series,
     * an ImageJ stack). Pages of another size are thumbnails or reduced resolutions, and skipped.
     * The pixels of all frames are bounded ({@link AcquiredImages#checkStack}) before each page is
     * decoded: a compressed TIFF can hold far more pixels than its bytes.
     */
    private static void morePages(ImageReader reader, int w, int h, String fileName, List<BufferedImage> pages)
            throws IOException, RejectedFileException {
        for (int i = 1; ; i++) {
            int pw;
            int ph;
            try {
                pw = reader.getWidth(i);
                ph = reader.getHeight(i);
            } catch (IndexOutOfBoundsException e) {
                return; // no page i: the last was read
            }
            if (pw == w && ph == h) {
                AcquiredImages.checkStack(fileName, w, h, pages.size() + 1);
                pages.add(reader.read(i));
            }
        }
    }

    /** The pages' frames: one kind of sample for all. */
    private static Decoded decoded(List<BufferedImage> pages, String fileName, String format, Double pixelSizeNm) throws RejectedFileException {
        List<Image> frames = new ArrayList<>(pages.size());
        Decoded first = null;
        for (BufferedImage page : pages) {
            Decoded d = decoded(page, fileName, format, pixelSizeNm);
            if (first != null && (d.bitsPerSample() != first.bitsPerSample() || d.encoding() != first.encoding())) {
                throw new RejectedFileException(fileName + "'s pages differ in their samples (" + d.bitsPerSample() + "-bit " + d.encoding()
                        + " after " + first.bitsPerSample() + "-bit " + first.encoding() + "); a stack's frames share one kind");
            }
            first = first == null ? d : first;
            frames.add(d.image());
        }
        return new Decoded(frames, first.bitsPerSample(), first.encoding(), format, pixelSizeNm);
    }

    private static Decoded decoded(BufferedImage bi, String fileName, String format, Double pixelSizeNm) throws RejectedFileException {
        boolean greyRamp = bi.getColorModel() instanceof IndexColorModel palette && isGreyRamp(palette);
        if (bi.getColorModel() instanceof IndexColorModel && !greyRamp) {
            throw new RejectedFileException(fileName + " is a palette image; its samples are colour indices, not intensities");
        }
        int bits = bi.getSampleModel().getSampleSize(0);
        int type = bi.getRaster().getDataBuffer().getDataType();
        boolean grey = greyRamp || bi.getColorModel().getNumColorComponents() == 1;
        boolean unsigned16 = type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT;
        PixelEncoding encoding = grey && unsigned16 && bits <= 16 ? PixelEncoding.UINT16 : PixelEncoding.FLOAT32;
        Image image = ImageReaders.toImage(bi);
        for (float p : image.pixels()) {
            if (!Float.isFinite(p)) {
                throw new RejectedFileException(fileName + " holds non-finite samples (" + p + ")");
            }
        }
        return new Decoded(image, bits, encoding, format, pixelSizeNm);
    }

    /**
     * A palette of greys, each lighter than the one before: how the JDK reads 1-, 2- and 4-bit
     * grey PNGs (and bilevel TIFFs). Its indices are the grey levels as written, so the samples
     * are intensities after all.
     */
    private static boolean isGreyRamp(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            int r = palette.getRed(i);
            if (r != palette.getGreen(i) || r != palette.getBlue(i) || i > 0 && r <= palette.getRed(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
