package org.stemstream.producers.feed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stemstream.producers.feed.formats.GatanDm;
import org.stemstream.producers.feed.formats.Mrc;
import org.stemstream.producers.feed.formats.TiffPng;
import org.stemstream.producers.feed.formats.VeloxEmd;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.ProcessingStep;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Image;

/**
 * The pure part of the feed: a dropped file's bytes (and sidecar) in, an acquired
 * {@link StemImage} (or a stack's frames) out, or a {@link RejectedFileException} saying why not.
 * The file is decoded by its content ({@link #decode}: TIFF and PNG, DigitalMicrograph, MRC and
 * Velox EMD, each by its reader in {@code formats}), then published by the feed's rules
 * ({@link #toStemImages}: pixel size, calibration, dark level, binning, stacks).
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
     * DigitalMicrograph ({@link GatanDm}), MRC ({@link Mrc}), else TIFF or PNG ({@link TiffPng}). A
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
        return TiffPng.decode(bytes, fileName);
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

    /**
     * A dropped file ({@link DroppedFile#read}, with {@link #MAX_FILE_BYTES}) as the feed publishes
     * it: its sidecar's metadata, {@code defaultDarkCounts} where the sidecar states no dark level,
     * and its decoded image, or its stack's frames ({@link #toStemImages}). A file over the limit is
     * refused undecoded, but for a Velox EMD file, whose image is read from disk without its spectra.
     */
    public static List<StemImage> of(DroppedFile file, double defaultPixelSizeNm, double defaultDarkCounts, String campaignId, Instant now)
            throws RejectedFileException {
        return toStemImages(file.imageId(), file.name(), decode(file), sidecar(file, defaultDarkCounts), defaultPixelSizeNm, campaignId, now);
    }

    /** The dropped file's sidecar ({@link Sidecar#NONE} without one), {@code defaultDarkCounts} where it states no dark level. */
    public static Sidecar sidecar(DroppedFile file, double defaultDarkCounts) throws RejectedFileException {
        return (file.sidecarBytes() == null ? Sidecar.NONE
                : Sidecar.parse(file.sidecarBytes(), file.sidecar().orElseThrow().getFileName().toString())).orDarkCounts(defaultDarkCounts);
    }

    /**
     * The dropped file's image or stack ({@link #decode(byte[], String)}); a file over the limit
     * refused undecoded, but for a Velox EMD file, whose image is read from disk.
     */
    public static Decoded decode(DroppedFile file) throws RejectedFileException {
        // a Velox file holds its spectra beside its image, GB of them for a spectrum image: only the image is read, from disk
        if (file.oversized() && VeloxEmd.sniff(file.head())) {
            return VeloxEmd.decode(file.image(), file.head(), file.name());
        }
        if (file.oversized()) {
            throw new RejectedFileException(file.name() + " is " + file.size() + " bytes; no publishable image comes from a file over " + MAX_FILE_BYTES);
        }
        return decode(file.head(), file.name());
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
     * object id, else the file name with its extension and a tag from its image id, after the
     * sidecar's sample id if any ({@link Sidecar#objectIdFor}); pixel size from the sidecar, else the file's own calibration
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
                    .setObjectId(sidecar.objectIdFor(fileName, imageId))
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
