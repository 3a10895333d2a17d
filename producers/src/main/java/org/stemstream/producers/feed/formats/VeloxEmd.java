package org.stemstream.producers.feed.formats;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.AcquiredImages.Decoded;
import org.stemstream.producers.feed.RejectedFileException;

/**
 * Thermo Fisher Velox EMD files (.emd, as Talos, Spectra and Themis microscopes save them): the
 * file's bytes in, one of its images as {@link Decoded} out (format {@code emd}), or a
 * {@link RejectedFileException} saying why not. Read from memory with jhdf (a pure-Java HDF5
 * reader). Layout as hyperspy/rosettasciio ({@code rsciio/emd/_emd_velox.py}) and
 * ercius/openNCEM ({@code ncempy/io/emdVelox.py}) read it: each image is a group
 * {@code /Data/Image/<uuid>} holding {@code Data} (height, width, frames: {@link VeloxFrames})
 * and {@code Metadata} (JSON a frame: {@link VeloxMetadata}); spectra live beside, under
 * {@code /Data/Spectrum}, {@code /Data/SpectrumStream}, {@code /Data/SpectrumImage}.
 *
 * <p>Which image: a file holds one per detector recorded together (HAADF, BF, DF2, DF4...). The
 * one from the HAADF detector is read, since the classifier learnt HAADF contrast; else the only
 * image, when there is one; else the file is refused with the detectors it holds. The HAADF image
 * of a spectrum image (EDS) is read like any other. Its pixel size is the first frame's
 * {@code BinaryResult.PixelSize} in nm (null when missing); non-square pixels are refused. Links
 * are not followed (one could lead out of the file, or into itself), so an image that is a link is
 * refused. Every size is bounded before jhdf reads a dataset ({@link HdfBounds}), and whatever jhdf
 * throws at a malformed file becomes a refusal that names the file.
 */
public final class VeloxEmd {
    public static final String FORMAT = "emd";
    private static final String HAADF = "HAADF";
    /** HDF5's signature, at byte 0 or, after a user block, at 512, 1024, 2048... (where jhdf looks). */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final int FIRST_USER_BLOCK = 512;
    /** How an image without a detector name is listed. */
    private static final String UNNAMED = "unnamed";

    private VeloxEmd() {
    }

    /** One image group of the file, and the detector its metadata names (null: none). */
    private record Candidate(Group group, VeloxMetadata metadata, String detector) {
        String listed() {
            return detector == null ? UNNAMED : detector;
        }
    }

    /** Whether {@code bytes} hold HDF5's signature where jhdf looks for it: at byte 0, 512, 1024, 2048... */
    public static boolean sniff(byte[] bytes) {
        return signatureAt(bytes) >= 0;
    }

    /**
     * A whole Velox EMD file in memory, {@code fileName} only for the reasons given, to its HAADF
     * (or only) image or stack, bits of its stored samples, encoding and pixel size in nm.
     */
    public static Decoded decode(byte[] bytes, String fileName) throws RejectedFileException {
        requireSignature(bytes, fileName);
        try (HdfFile hdf = HdfFile.fromBytes(bytes)) {
            return decode(hdf, bytes.length, fileName);
        } catch (RejectedFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RejectedFileException("cannot decode " + fileName + " as HDF5: " + e, e);
        }
    }

    /**
     * A Velox EMD file too large to hold in memory (a spectrum image's spectra take GB), read from
     * {@code file} on disk: only its image's datasets are read, under the same bounds; {@code head}
     * is its first bytes, for the signature.
     */
    public static Decoded decode(Path file, byte[] head, String fileName) throws RejectedFileException {
        requireSignature(head, fileName);
        try (HdfFile hdf = new HdfFile(file)) {
            return decode(hdf, Files.size(file), fileName);
        } catch (RejectedFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RejectedFileException("cannot decode " + fileName + " as HDF5: " + e, e);
        }
    }

    private static void requireSignature(byte[] head, String fileName) throws RejectedFileException {
        if (!sniff(head)) {
            throw new RejectedFileException(fileName + " is not an HDF5 file (no signature \\x89HDF\\r\\n\\x1a\\n at byte 0, 512, 1024...),"
                    + " which a Velox EMD file is");
        }
    }

    /** The image of an open file of {@code length} bytes. */
    private static Decoded decode(HdfFile hdf, long length, String fileName) throws RejectedFileException {
        long stated = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
        if (stated > length) {
            throw new RejectedFileException(fileName + " is truncated: its HDF5 superblock states " + stated + " bytes, the file has " + length);
        }
        Candidate image = choose(candidates(hdf, fileName), fileName);
        Node data = image.group().getChild("Data");
        String named = fileName + "'s image " + image.group().getName() + " (" + image.listed() + ")";
        if (data != null && data.isLink()) {
            throw new RejectedFileException(named + " links its Data elsewhere; the feed does not follow links");
        }
        if (!(data instanceof Dataset dataset)) {
            throw new RejectedFileException(named + " holds no Data dataset");
        }
        VeloxFrames frames = VeloxFrames.read(dataset, fileName);
        return new Decoded(frames.frames(), frames.bitsPerSample(), frames.encoding(), FORMAT, image.metadata().pixelSizeNm(fileName));
    }

    /** The groups under {@code /Data/Image}, each with its metadata; refused when there are none. */
    private static List<Candidate> candidates(HdfFile hdf, String fileName) throws RejectedFileException {
        Group data = group(hdf, "/", "Data", fileName);
        Group images = data == null ? null : group(data, "/Data/", "Image", fileName);
        if (images == null || images.getChildren().isEmpty()) {
            List<String> beside = data == null ? List.of() : data.getChildren().keySet().stream().filter(k -> !k.equals("Image")).toList();
            throw new RejectedFileException(fileName + " holds no image (no groups under /Data/Image" + (data == null ? "; no /Data: not a Velox EMD file"
                    : beside.isEmpty() ? ", and nothing else under /Data" : "; /Data holds " + String.join(", ", sorted(beside))) + ")");
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, Node> child : images.getChildren().entrySet()) {
            if (child.getValue().isLink() || !(child.getValue() instanceof Group group)) {
                throw new RejectedFileException(fileName + "'s /Data/Image/" + child.getKey() + " is "
                        + (child.getValue().isLink() ? "a link, which the feed does not follow" : "no image group"));
            }
            VeloxMetadata metadata = VeloxMetadata.read(group, fileName);
            candidates.add(new Candidate(group, metadata, metadata.detector()));
        }
        return candidates;
    }

    /** The HAADF image, else the only one; refused when that leaves none, or more than one. */
    private static Candidate choose(List<Candidate> candidates, String fileName) throws RejectedFileException {
        List<Candidate> haadf = candidates.stream().filter(c -> c.detector() != null && c.detector().trim().equalsIgnoreCase(HAADF)).toList();
        if (haadf.size() == 1) {
            return haadf.get(0);
        }
        if (haadf.isEmpty() && candidates.size() == 1) {
            return candidates.get(0);
        }
        String listed = String.join(", ", sorted(candidates.stream().map(Candidate::listed).toList()));
        if (haadf.isEmpty()) {
            throw new RejectedFileException(fileName + " holds " + candidates.size() + " images (" + listed
                    + ") and none from a HAADF detector; export the HAADF image, or the image to classify, on its own");
        }
        throw new RejectedFileException(fileName + " holds " + haadf.size() + " images from a HAADF detector (of " + candidates.size()
                + ": " + listed + "); export the one to classify on its own");
    }

    /** {@code parent}'s child group {@code name}; null when there is none; refused when it is a link or a dataset. */
    private static Group group(Group parent, String parentPath, String name, String fileName) throws RejectedFileException {
        Node node = parent.getChild(name);
        if (node == null) {
            return null;
        }
        if (node.isLink() || !(node instanceof Group group)) {
            throw new RejectedFileException(fileName + "'s " + parentPath + name + " is " + (node.isLink() ? "a link" : "a dataset")
                    + ", not the group a Velox EMD file holds there");
        }
        return group;
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    /** Where the HDF5 signature is: 0, or a user block's size (512 and each doubling); -1 when nowhere. */
    private static long signatureAt(byte[] bytes) {
        for (long at = 0; at + SIGNATURE.length <= bytes.length; at = at == 0 ? FIRST_USER_BLOCK : 2 * at) {
            if (Arrays.equals(bytes, (int) at, (int) at + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                return at;
            }
        }
        return -1;
    }
}
