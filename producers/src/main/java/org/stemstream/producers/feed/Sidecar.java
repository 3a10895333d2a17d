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

    /**
     * The object id of an image: the sidecar's {@code objectId}; else {@code <sampleId>/<file name>}
     * (a sample holds many particles, which must not be fused into one); else the file name. The
     * name keeps its extension: {@code a.png} and {@code a.tif} in one folder are two images, and
     * fusion would otherwise take them for two views of one particle and drop the later one. Only
     * a sidecar's {@code objectId} makes images share an object.
     */
    /** This sidecar, with {@code darkCounts} as its dark level when it states none. */
    public Sidecar orDarkCounts(double darkCounts) {
        return this.darkCounts != null || darkCounts == 0 ? this
                : new Sidecar(pixelSizeNm, dose, sampleId, objectId, countsPerNmGold, darkCounts);
    }

    public String objectIdFor(String fileName) {
        if (objectId != null) {
            return objectId;
        }
        return sampleId != null ? sampleId + "/" + fileName : fileName;
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
