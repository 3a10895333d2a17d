package org.stemstream.producers.feed.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.FixedPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.RejectedFileException;

/**
 * What Velox says about one image: its group's {@code Metadata} dataset in (bytes, shape
 * (bytes, frames): each column a frame's UTF-8 JSON document padded with NULs, as rosettasciio's
 * {@code _parse_sub_data_group_metadata} and openNCEM's {@code emdVelox.parseMetaData} read it),
 * the first frame's document parsed; its detector's name and pixel size out. A missing dataset, or
 * one that holds no JSON object, is no metadata: no detector name, no pixel size.
 *
 * @param root the first frame's JSON document; missing when the image has none
 */
record VeloxMetadata(JsonNode root) {
    static final VeloxMetadata NONE = new VeloxMetadata(MissingNode.getInstance());
    /** Velox writes some tens of kB a frame; a column this long is not metadata. */
    static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static VeloxMetadata read(Group image, String fileName) throws RejectedFileException {
        Node node = image.getChild("Metadata");
        // a link is not followed: it could lead out of the file, or back into itself
        if (!(node instanceof Dataset metadata) || node.isLink()) {
            return NONE;
        }
        long[] dims = metadata.getDimensionsAsLong();
        if (dims.length != 2 || dims[0] < 1 || dims[1] < 1 || !(metadata.getDataType() instanceof FixedPoint) || metadata.getDataType().getSize() != 1) {
            return NONE;
        }
        if (dims[0] > MAX_BYTES) {
            throw new RejectedFileException(fileName + "'s image " + image.getName() + " states " + dims[0]
                    + " bytes of metadata a frame; the feed reads at most " + MAX_BYTES);
        }
        HdfBounds.check(metadata, AcquiredImages.MAX_FILE_BYTES, fileName, "metadata of image " + image.getName());
        Object column = metadata.getData(new long[] {0, 0}, new int[] {(int) dims[0], 1});
        return parse(utf8(column));
    }

    /** The first frame's text, up to its first NUL; jhdf gives a uint8 column as int[n][1], an int8 one as byte[n][1]. */
    private static String utf8(Object column) {
        int n = column instanceof int[][] ints ? ints.length : ((byte[][]) column).length;
        byte[] text = new byte[n];
        int length = 0;
        while (length < n) {
            byte b = column instanceof int[][] ints ? (byte) ints[length][0] : ((byte[][]) column)[length][0];
            if (b == 0) {
                break;
            }
            text[length++] = b;
        }
        return new String(text, 0, length, StandardCharsets.UTF_8);
    }

    private static VeloxMetadata parse(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            return root != null && root.isObject() ? new VeloxMetadata(root) : NONE;
        } catch (IOException e) {
            return NONE;
        }
    }

    /**
     * The detector the image comes from: {@code BinaryResult.Detector} (openNCEM), else the
     * {@code DetectorName} of {@code Detectors."Detector-<BinaryResult.DetectorIndex>"} (rosettasciio,
     * for files whose BinaryResult names no detector); null when neither is there.
     */
    String detector() {
        JsonNode binary = root.path("BinaryResult");
        String name = text(binary.get("Detector"));
        String index = text(binary.get("DetectorIndex"));
        if (name == null && index != null) {
            name = text(root.path("Detectors").path("Detector-" + index).get("DetectorName"));
        }
        return name;
    }

    /**
     * {@code BinaryResult.PixelSize.width} in {@code PixelUnitX} (Velox writes metres: "m"), in nm;
     * null when it is missing, no positive number, or its unit no length. Refused when the height,
     * in {@code PixelUnitY} (else X's), differs from it by more than 1 %.
     */
    Double pixelSizeNm(String fileName) throws RejectedFileException {
        JsonNode binary = root.path("BinaryResult");
        JsonNode size = binary.path("PixelSize");
        String unitX = text(binary.get("PixelUnitX"));
        String unitY = text(binary.get("PixelUnitY"));
        Double x = nm(text(size.get("width")), unitX);
        Double y = nm(text(size.get("height")), unitY != null ? unitY : unitX);
        if (x != null && y != null && !LengthUnits.square(x, y)) {
            throw new RejectedFileException(String.format(Locale.ROOT, "%s has non-square pixels: %.4g nm wide, %.4g nm high"
                    + " (more than 1 %% apart); the classifier assumes square pixels", fileName, x, y));
        }
        return x;
    }

    private static Double nm(String value, String unit) {
        Double perUnit = LengthUnits.nm(unit);
        if (value == null || perUnit == null) {
            return null;
        }
        try {
            double nm = Double.parseDouble(value.trim()) * perUnit;
            return nm > 0 && Double.isFinite(nm) ? nm : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A string or number as text (Velox writes numbers as strings); null for anything else. */
    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
