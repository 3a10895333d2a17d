package org.stemstream.producers.feed;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.stemstream.producers.feed.formats.TiffCalibration;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.ProcessingStep;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Image;
import org.stemstream.producers.feed.formats.GatanDm;
import org.stemstream.producers.feed.formats.Mrc;
import org.stemstream.producers.feed.formats.VeloxEmd;
import org.stemstream.simulator.io.ImageReaders;

/**
 * The pure part of the feed: a dropped file's bytes (and sidecar) in, an acquired
 * {@link StemImage} out, or a {@link RejectedFileException} saying why not.
 *
 * <p>Accepted: TIFF (every page of the first page's size: a multi-page TIFF is a stack) and PNG, grey, 1..16-bit unsigned integer samples (published as
 * UINT16, values unchanged) or signed 16-bit, 32-bit integer and float samples (published as
 * FLOAT32). Colour images become the mean of their colour bands ({@link ImageReaders#toImage}) and
 * are published as FLOAT32. Palette images are rejected: their samples are palette indices, not
 * intensities; a palette that is a ramp of greys (how 1-, 2- and 4-bit grey PNGs are read) counts
 * as grey, its indices being the grey levels. The image size is checked before decoding, so a hostile header cannot exhaust memory.
 * A TIFF's own pixel size ({@link TiffCalibration}: FEI, ImageJ, centimetre resolution) becomes
 * {@link Decoded#pixelSizeNm}; a PNG has none.
 */
public final class AcquiredImages {
    /**
     * The most frames one file may hold: each becomes a record, all in one transaction. Enough for
     * a tilt series at 1 degree steps; a longer movie is better dropped as files of their own.
     */
    public static final int MAX_FRAMES = 512;
    /**
     * The most pixels the feed decodes from one file, its frames together: a 4096 x 4096 frame.
     * Each is checked before anything is allocated.
     */
    public static final long MAX_STACK_PIXELS = 4096L * 4096;
    /** The most pixels of one frame: as many as of a whole file. */
    public static final long MAX_PIXELS = MAX_STACK_PIXELS;
    /** No publishable image comes from a larger file (a 4096 x 4096 frame of floats and its metadata); such files are refused undecoded. */
    public static final long MAX_FILE_BYTES = 80L * 1024 * 1024;
    /**
     * Room for one published frame's pixels: the record limit that every stage holds to
     * ({@link Topics#MAX_VALUE_BYTES}) less room for the rest of the record. A larger frame is
     * binned to fit ({@link FrameBinning}).
     */
    static final long MAX_RECORD_PIXEL_BYTES = Topics.MAX_VALUE_BYTES - 64L * 1024;
    private static final Set<String> FORMATS = Set.of("tif", "tiff", "png");

    /**
     * A decoded image, or stack of frames, and what the file said about itself.
     *
     * @param frames        the file's frames, all of one size: one for an image, several for a stack
     *                      (a tilt series, repeated exposures), at most {@link #MAX_FRAMES}
     * @param bitsPerSample bits of one stored sample (32 for floats)
     * @param encoding      how its samples are published: UINT16 when they are unsigned integers of
     *                      at most 16 bits, FLOAT32 otherwise
     * @param format        the file format's short name ({@code tiff}, {@code png}, ...)
     * @param pixelSizeNm   the file's own calibration of its pixel size, in nm; null when it has none
     *                      (or none that reads as a length)
     */
    public record Decoded(List<Image> frames, int bitsPerSample, PixelEncoding encoding, String format, Double pixelSizeNm) {
        public Decoded {
            frames = List.copyOf(frames);
            if (frames.isEmpty() || frames.size() > MAX_FRAMES) {
                throw new IllegalArgumentException("a file holds 1.." + MAX_FRAMES + " frames, got " + frames.size());
            }
            Image first = frames.get(0);
            for (Image f : frames) {
                if (f.width() != first.width() || f.height() != first.height()) {
                    throw new IllegalArgumentException("a stack's frames share one size: " + f.width() + "x" + f.height()
                            + " beside " + first.width() + "x" + first.height());
                }
            }
            if (pixelSizeNm != null && !(pixelSizeNm > 0 && Double.isFinite(pixelSizeNm))) {
                throw new IllegalArgumentException("a file's pixel size must be a positive length, got " + pixelSizeNm);
            }
        }

        /** A single image. */
        public Decoded(Image image, int bitsPerSample, PixelEncoding encoding, String format, Double pixelSizeNm) {
            this(List.of(image), bitsPerSample, encoding, format, pixelSizeNm);
        }

        public Decoded(Image image, int bitsPerSample, PixelEncoding encoding, String format) {
            this(image, bitsPerSample, encoding, format, null);
        }

        /** The first frame: the image, when there is one. */
        public Image image() {
            return frames.get(0);
        }
    }

    private AcquiredImages() {
    }

    /**
     * The deterministic image id: file name, size and the SHA-256 of the image bytes and of the
     * sidecar bytes (if any). The same drop seen again (after a restart, or copied back) gets the
     * same id; a corrected sidecar makes a new one.
     */
    public static String imageId(String fileName, byte[] imageSha256, long size, byte[] sidecarSha256) {
        MessageDigest d = sha256();
        d.update(fileName.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) 0);
        d.update(imageSha256);
        if (sidecarSha256 != null) {
            d.update(sidecarSha256);
        }
        return "acq-" + HexFormat.of().formatHex(d.digest(), 0, 16);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Decodes a file held in memory, by its content: Velox EMD (HDF5, {@link VeloxEmd}),
     * DigitalMicrograph ({@link GatanDm}), MRC ({@link Mrc}), else TIFF or PNG through ImageIO. A
     * {@code .emd}, {@code .dm3}/{@code .dm4} or {@code .mrc}/{@code .mrcs} file that does not read
     * as one is refused with its format's reason.
     */
    public static Decoded decode(byte[] bytes, String fileName) throws RejectedFileException {
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        // HDF5's 8-byte signature first: an HDF5 header could happen to read as an old MRC header
        if (VeloxEmd.sniff(bytes)) {
            return VeloxEmd.decode(bytes, fileName);
        }
        if (GatanDm.sniff(bytes) || extension.startsWith("dm") && !Mrc.sniff(bytes)) {
            return GatanDm.decode(bytes, fileName);
        }
        if (Mrc.sniff(bytes) || extension.startsWith("mrc")) {
            return Mrc.decode(bytes, fileName);
        }
        if (extension.equals("emd")) {
            return VeloxEmd.decode(bytes, fileName);
        }
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
                if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
                    throw new RejectedFileException(fileName + " is " + w + "x" + h + " = " + (long) w * h
                            + " pixels; the feed decodes frames of 1.." + MAX_PIXELS);
                }
                List<BufferedImage> pages = new ArrayList<>(List.of(reader.read(0)));
                if (format.startsWith("tif")) {
                    morePages(reader, w, h, fileName, pages);
                }
                // PNG's pHYs is, in practice, always a print resolution: no calibration
                Double pixelSizeNm = format.startsWith("tif") ? TiffCalibration.read(reader, in) : null;
                return decoded(pages, fileName, format, pixelSizeNm);
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
     * The pixels of all frames are bounded ({@link #checkStack}) before each page is decoded: a
     * compressed TIFF can hold far more pixels than its bytes.
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
                checkStack(fileName, w, h, pages.size() + 1);
                pages.add(reader.read(i));
            }
        }
    }

    /**
     * Refuses a stack beyond {@link #MAX_FRAMES} frames or {@link #MAX_STACK_PIXELS} pixels in all,
     * before its frames are decoded; for the readers of every format.
     */
    public static void checkStack(String fileName, long width, long height, long frames) throws RejectedFileException {
        if (frames > MAX_FRAMES) {
            throw new RejectedFileException(fileName + " holds a stack of " + frames + " frames of " + width + "x" + height
                    + "; the feed reads at most " + MAX_FRAMES + " per file");
        }
        if (width * height * frames > MAX_STACK_PIXELS) {
            throw new RejectedFileException(fileName + " holds " + frames + " frames of " + width + "x" + height + " = "
                    + width * height * frames + " pixels; the feed reads at most " + MAX_STACK_PIXELS + " from one file");
        }
    }

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

    /**
     * A dropped file ({@link DroppedFile#read}, with {@link #MAX_FILE_BYTES}) as the feed publishes
     * it: its sidecar's metadata, {@code defaultDarkCounts} where the sidecar states no dark level,
     * and its decoded image, or its stack's frames ({@link #toStemImages}).
     */
    public static List<StemImage> of(DroppedFile file, double defaultPixelSizeNm, double defaultDarkCounts, String campaignId, Instant now)
            throws RejectedFileException {
        if (file.oversized()) {
            throw new RejectedFileException(file.name() + " is " + file.size() + " bytes; no publishable image comes from a file over " + MAX_FILE_BYTES);
        }
        Sidecar meta = (file.sidecarBytes() == null ? Sidecar.NONE
                : Sidecar.parse(file.sidecarBytes(), file.sidecar().orElseThrow().getFileName().toString())).orDarkCounts(defaultDarkCounts);
        return toStemImages(file.imageId(), file.name(), decode(file.head(), file.name()), meta, defaultPixelSizeNm, campaignId, now);
    }

    /**
     * A single image's {@link #toStemImages}; a stack is refused here (a programming error: the
     * feed and {@code predict} go through {@link #toStemImages}).
     */
    public static StemImage toStemImage(String imageId, String fileName, Decoded decoded, Sidecar sidecar,
                                        double defaultPixelSizeNm, String campaignId, Instant now) throws RejectedFileException {
        if (decoded.frames().size() != 1) {
            throw new IllegalArgumentException(fileName + " holds " + decoded.frames().size() + " frames: use toStemImages");
        }
        return toStemImages(imageId, fileName, decoded, sidecar, defaultPixelSizeNm, campaignId, now).get(0);
    }

    /**
     * The acquired image, one per frame: no ground truth, no request; object id = the sidecar's
     * object id, else the file name with its extension, after the sidecar's sample id if any
     * ({@link Sidecar#objectIdFor}); pixel size from the sidecar, else the file's own calibration
     * ({@link Decoded#pixelSizeNm}, recorded in the provenance as {@code fileCalibrationNm} whether
     * used or not), else {@code defaultPixelSizeNm} (NaN: none, and an image with none of the three
     * is refused); the sidecar's {@code countsPerNmGold}, if any, as the imaging dose; its
     * {@code darkCounts}, if any, subtracted from every pixel (then published as FLOAT32).
     *
     * <p>A frame too large for one record ({@link #MAX_RECORD_PIXEL_BYTES}) is binned to fit
     * ({@link FrameBinning}: b x b blocks summed), its pixel size and {@code countsPerNmGold} scaled
     * to match (b and b²), and {@code binned}, {@code acquiredWidth} and {@code acquiredHeight}
     * recorded in the provenance.
     *
     * <p>The frames of a stack are views of one object: each has image id
     * {@code <imageId>-f<i>}, view index i (from 0) of {@code viewsExpected} = the frame count, and
     * {@code frame} / {@code frames} in its provenance; fusion answers for them together. A single
     * image keeps {@code imageId} and is view 0 of 1.
     */
    public static List<StemImage> toStemImages(String imageId, String fileName, Decoded decoded, Sidecar sidecar,
                                               double defaultPixelSizeNm, String campaignId, Instant now) throws RejectedFileException {
        double pixelSizeNm = sidecar.pixelSizeNm() != null ? sidecar.pixelSizeNm()
                : decoded.pixelSizeNm() != null ? decoded.pixelSizeNm() : defaultPixelSizeNm;
        if (!(pixelSizeNm > 0 && Double.isFinite(pixelSizeNm))) {
            throw new RejectedFileException(fileName + " states no pixel size (no sidecar pixelSizeNm, no calibration in the file): give --pixel-size-nm");
        }
        Map<String, Double> parameters = new HashMap<>();
        parameters.put("bits", (double) decoded.bitsPerSample());
        if (decoded.pixelSizeNm() != null) {
            parameters.put("fileCalibrationNm", decoded.pixelSizeNm());
        }
        if (sidecar.dose() != null) {
            parameters.put("dose", sidecar.dose());
        }
        PixelEncoding encoding = decoded.encoding();
        List<Image> acquired = decoded.frames();
        if (sidecar.darkCounts() != null && sidecar.darkCounts() > 0) {
            parameters.put("darkCounts", sidecar.darkCounts());
            encoding = PixelEncoding.FLOAT32; // noise takes some counts below 0
            float level = sidecar.darkCounts().floatValue();
            acquired = acquired.stream().map(f -> {
                float[] pixels = f.pixels().clone();
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] -= level;
                }
                return Image.wrap(f.width(), f.height(), pixels);
            }).toList();
        }
        FrameBinning.Binned binned = FrameBinning.toFit(acquired, encoding, MAX_RECORD_PIXEL_BYTES);
        encoding = binned.encoding();
        Double countsPerNmGold = sidecar.countsPerNmGold();
        if (binned.factor() > 1) {
            int b = binned.factor();
            parameters.put("binned", (double) b);
            parameters.put("acquiredWidth", (double) decoded.image().width());
            parameters.put("acquiredHeight", (double) decoded.image().height());
            pixelSizeNm *= b;
            countsPerNmGold = countsPerNmGold == null ? null : countsPerNmGold * b * b; // a pixel b x b as large counts b² times as much
        }
        ImagingParameters imaging = countsPerNmGold == null ? null : ImagingParameters.newBuilder().setDose(countsPerNmGold).build();
        int frames = binned.frames().size();
        List<StemImage> images = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            Image image = binned.frames().get(i);
            float[] pixels = image.pixels();
            Map<String, Double> stepParameters = parameters;
            if (frames > 1) {
                stepParameters = new HashMap<>(parameters);
                stepParameters.put("frame", (double) i);
                stepParameters.put("frames", (double) frames);
            }
            images.add(Pixels.encode(encoding, pixels).applyTo(StemImage.newBuilder())
                    .setImageId(frames == 1 ? imageId : imageId + "-f" + i)
                    .setRequestId(null)
                    .setObjectId(sidecar.objectIdFor(fileName))
                    .setCampaignId(campaignId)
                    .setSource(ImageSource.ACQUIRED)
                    .setWidth(image.width())
                    .setHeight(image.height())
                    .setPixelSizeNm(pixelSizeNm)
                    .setImaging(imaging)
                    .setTruth(null)
                    .setProvenance(List.of(new ProcessingStep(AcquisitionFeed.STAGE, "acquired", stepParameters)))
                    .setTimestamps(List.of(new StageTimestamp(AcquisitionFeed.STAGE, now)))
                    .setViewIndex(i)
                    .setViewsExpected(frames)
                    .build());
        }
        return images;
    }

    /** The file name without its last extension ({@code a.b.tif} -> {@code a.b}): how a sidecar is found, {@code a.json} beside {@code a.tif}. */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
