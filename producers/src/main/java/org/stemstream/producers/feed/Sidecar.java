package org.stemstream.producers.feed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Optional metadata that the acquisition software writes next to an image: {@code <name>.json}
 * beside {@code <name>.tif} (or {@code <name>.tif.json}). A JSON object whose fields are all
 * optional; unknown fields are ignored so that vendors may write more.
 *
 * <pre>{"pixelSizeNm": 0.12, "dose": 2.5e4, "sampleId": "grid-7", "objectId": "particle-12", "countsPerNmGold": 8.5,
 *  "darkCounts": 100}</pre>
 *
 * @param pixelSizeNm pixel size in nm, finite and &gt; 0 (null: the feed's configured default)
 * @param dose        electron dose (e/A^2), finite and &gt;= 0 (null: unknown)
 * @param sampleId    the specimen (grid) the image comes from (null: unknown)
 * @param objectId    the particle the image shows; several images (views, a tilt series) of one
 *                    particle share it, and fusion combines them (null: see {@link #objectIdFor})
 * @param countsPerNmGold the detector's calibration: mean counts per pixel per nm of gold, finite
 *                    and &gt; 0; it becomes the image's dose in the simulator's units, and the
 *                    classifier scales the counts to its model's (null: the CNN reads the dose off
 *                    the film in the frame's border, the physics fit fits it)
 * @param darkCounts  the detector's dark level: what a pixel reads with no electrons, finite and
 *                    &gt;= 0; the feed subtracts it from every pixel (null or 0: none), so that
 *                    counts start at 0 as the simulator's do
 */
public record Sidecar(Double pixelSizeNm, Double dose, String sampleId, String objectId, Double countsPerNmGold, Double darkCounts) {
    public static final Sidecar NONE = new Sidecar(null, null, null, null, null, null);
    /** Sidecars are a few hundred bytes; anything this big is not one. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_SAMPLE_ID = 256;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public Sidecar {
        if (pixelSizeNm != null && !(Double.isFinite(pixelSizeNm) && pixelSizeNm > 0)) {
            throw new IllegalArgumentException("pixelSizeNm must be a finite number > 0, got " + pixelSizeNm);
        }
        if (dose != null && !(Double.isFinite(dose) && dose >= 0)) {
            throw new IllegalArgumentException("dose must be a finite number >= 0, got " + dose);
        }
        if (countsPerNmGold != null && !(Double.isFinite(countsPerNmGold) && countsPerNmGold > 0)) {
            throw new IllegalArgumentException("countsPerNmGold must be a finite number > 0, got " + countsPerNmGold);
        }
        if (darkCounts != null && !(Double.isFinite(darkCounts) && darkCounts >= 0)) {
            throw new IllegalArgumentException("darkCounts must be a finite number >= 0, got " + darkCounts);
        }
        if (sampleId != null && (sampleId.isBlank() || sampleId.length() > MAX_SAMPLE_ID)) {
            throw new IllegalArgumentException("sampleId must be 1.." + MAX_SAMPLE_ID + " characters, not blank, got '" + sampleId + "'");
        }
        if (objectId != null && (objectId.isBlank() || objectId.length() > MAX_SAMPLE_ID)) {
            throw new IllegalArgumentException("objectId must be 1.." + MAX_SAMPLE_ID + " characters, not blank, got '" + objectId + "'");
        }
    }

    public Sidecar(Double pixelSizeNm, Double dose, String sampleId) {
        this(pixelSizeNm, dose, sampleId, null, null, null);
    }

    public Sidecar(Double pixelSizeNm, Double dose, String sampleId, String objectId, Double countsPerNmGold) {
        this(pixelSizeNm, dose, sampleId, objectId, countsPerNmGold, null);
    }

    /** This sidecar, with {@code darkCounts} as its dark level when it states none. */
    public Sidecar orDarkCounts(double darkCounts) {
        return this.darkCounts != null || darkCounts == 0 ? this
                : new Sidecar(pixelSizeNm, dose, sampleId, objectId, countsPerNmGold, darkCounts);
    }

    /**
     * The object id of an image: the sidecar's {@code objectId}; else
     * {@code [<sampleId>/]<file name>@<tag>}, where the tag is the first 8 hex digits of the
     * file's image id ({@link AcquiredImages#imageId}: a hash of its name, size and bytes). Only a
     * sidecar's {@code objectId} makes images share an object; without one, every file is its own:
     * <ul>
     * <li>a sample holds many particles, which must not be fused into one;</li>
     * <li>the name keeps its extension: {@code a.png} and {@code a.tif} are two images;</li>
     * <li>the tag tells apart files of one name dropped one after the other ({@code Image.tif},
     *     moved to {@code sent/}, then another {@code Image.tif}): fusion takes a view of an
     *     object it has already answered for as a late view and drops it, so without the tag the
     *     second file's fused answer would be lost. The same file read again (a restart) has the
     *     same image id, so the same object id.</li>
     * </ul>
     */
    public String objectIdFor(String fileName, String imageId) {
        if (objectId != null) {
            return objectId;
        }
        String file = fileName + "@" + tag(imageId);
        return sampleId != null ? sampleId + "/" + file : file;
    }

    /** The 8 hex digits after {@code acq-} of a feed image id; any other id as it is. */
    private static String tag(String imageId) {
        String prefix = "acq-";
        return imageId.startsWith(prefix) && imageId.length() >= prefix.length() + 8
                ? imageId.substring(prefix.length(), prefix.length() + 8) : imageId;
    }

    /**
     * Whether {@code objectId} is one that {@link #objectIdFor} gives a file of this name without
     * a sidecar's {@code objectId} (a file's own object, not a particle that a sidecar named).
     */
    public static boolean isFileObjectId(String objectId, String fileName) {
        int at = objectId.lastIndexOf('@');
        String file = at > 0 ? objectId.substring(0, at) : "";
        return file.equals(fileName) || file.endsWith("/" + fileName);
    }

    /** Parses a sidecar's bytes; {@code name} (the sidecar's file name) prefixes every reason. */
    public static Sidecar parse(byte[] json, String name) throws RejectedFileException {
        if (json.length > MAX_BYTES) {
            throw new RejectedFileException("sidecar " + name + " is " + json.length + " bytes > max " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RejectedFileException("sidecar " + name + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RejectedFileException("sidecar " + name + " cannot be parsed: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new RejectedFileException("sidecar " + name + " must be a JSON object, got "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        try {
            return new Sidecar(number(root, "pixelSizeNm"), number(root, "dose"), text(root, "sampleId"), text(root, "objectId"),
                    number(root, "countsPerNmGold"), number(root, "darkCounts"));
        } catch (IllegalArgumentException e) {
            throw new RejectedFileException("sidecar " + name + ": " + e.getMessage(), e);
        }
    }

    private static Double number(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + n);
        }
        return n.doubleValue();
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() && !n.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a string, got " + n);
        }
        return n.asText();
    }
}
