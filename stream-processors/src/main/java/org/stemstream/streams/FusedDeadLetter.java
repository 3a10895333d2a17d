package org.stemstream.streams;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.stemstream.kafka.RegistryUnavailable;
import org.stemstream.schemas.avro.ObjectClassification;

/**
 * The value of the fusion stage's dead letter for a fused record that cannot be serialized: the
 * fusion of all the object's views (the views themselves are gone, folded into it), in the first
 * of these encodings that can be written and fits the dead-letter topic. Header
 * {@value #VALUE_FORMAT} names it:
 * <ol>
 *   <li>{@code avro-registry}: as the {@code pending-views} store keeps it (the registry's wire
 *       format, its changelog's subject), read by the stage's own serde;</li>
 *   <li>{@code avro-json}: Avro's JSON encoding of {@link ObjectClassification}, which needs no
 *       registry; header {@value #VALUE_SCHEMA} holds the schema it was written with. For when the
 *       registry refuses the first (a subject with an incompatible schema, say);</li>
 *   <li>{@code summary-json}: a plain JSON object written here, which cannot fail: the object id,
 *       campaign id, view counts, {@code complete}, and the image ids of its views (which can be
 *       read again from {@code classifications}, keyed by object id, while it keeps them), without
 *       the fused probabilities. For a fusion too large for any record, or one Avro cannot
 *       write.</li>
 * </ol>
 * A registry outage while writing the first is thrown, as everywhere ({@link RegistryOutages}).
 */
final class FusedDeadLetter {
    /** Header: how the value is encoded ({@code avro-registry}, {@code avro-json} or {@code summary-json}). */
    static final String VALUE_FORMAT = "fuse.value-format";
    /** Header, with {@code avro-json} only: the Avro schema of the value, as JSON. */
    static final String VALUE_SCHEMA = "fuse.value-schema";
    static final String AVRO_REGISTRY = "avro-registry";
    static final String AVRO_JSON = "avro-json";
    static final String SUMMARY_JSON = "summary-json";

    /**
     * @param bytes   the value, at most the limit it was made for
     * @param headers {@value #VALUE_FORMAT}, and {@value #VALUE_SCHEMA} where it applies
     * @param format  the value's encoding
     * @param note    why the encodings before it were not used, or "" for the first
     */
    record Value(byte[] bytes, Headers headers, String format, String note) {
    }

    private FusedDeadLetter() {
    }

    /**
     * @param stored   the {@code pending-views} store's encoding of a fusion ({@link PendingFusions#encode})
     * @param maxBytes the most bytes the value may have
     */
    static Value of(ObjectClassification fusion, Function<ObjectClassification, byte[]> stored, int maxBytes) {
        StringBuilder note = new StringBuilder();
        byte[] bytes = attempt(() -> stored.apply(fusion), AVRO_REGISTRY, maxBytes, note);
        if (bytes != null) {
            return value(bytes, AVRO_REGISTRY, note, null);
        }
        bytes = attempt(() -> avroJson(fusion), AVRO_JSON, maxBytes, note);
        if (bytes != null) {
            return value(bytes, AVRO_JSON, note, fusion.getSchema().toString());
        }
        return value(summary(fusion, maxBytes), SUMMARY_JSON, note, null);
    }

    private interface Encoding {
        byte[] encode() throws IOException;
    }

    /** The encoding's bytes, or null with the reason added to {@code note}; a registry outage is thrown. */
    private static byte[] attempt(Encoding encoding, String format, int maxBytes, StringBuilder note) {
        try {
            byte[] bytes = encoding.encode();
            if (bytes != null && bytes.length <= maxBytes) {
                return bytes;
            }
            note.append(note.isEmpty() ? "" : "; ").append(format).append(bytes == null ? " gave no bytes"
                    : " is " + bytes.length + " bytes, over the limit of " + maxBytes + " bytes");
        } catch (RuntimeException e) {
            if (RegistryUnavailable.causedBy(e)) {
                throw e;
            }
            note.append(note.isEmpty() ? "" : "; ").append(format).append(" failed: ").append(e);
        } catch (IOException e) {
            note.append(note.isEmpty() ? "" : "; ").append(format).append(" failed: ").append(e);
        }
        return null;
    }

    private static Value value(byte[] bytes, String format, StringBuilder note, String schema) {
        Headers headers = new RecordHeaders();
        headers.add(VALUE_FORMAT, format.getBytes(StandardCharsets.UTF_8));
        if (schema != null) {
            headers.add(VALUE_SCHEMA, schema.getBytes(StandardCharsets.UTF_8));
        }
        return new Value(bytes, headers, format, note.toString());
    }

    private static byte[] avroJson(ObjectClassification fusion) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(fusion.getSchema(), out);
        new SpecificDatumWriter<>(ObjectClassification.class).write(fusion, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /**
     * The fusion's identity and image ids as JSON, within {@code maxBytes}: image ids that do not
     * fit are left out from the end, and {@code imageIdsLeftOut} counts them. An object or
     * campaign id longer than a sixteenth of the limit (none that a record could carry in the
     * first place) is cut; the dead letter's key is the object id in full. Nothing here can
     * throw; nulls (in a fusion Avro could not write) are written as null.
     */
    static byte[] summary(ObjectClassification fusion, int maxBytes) {
        int maxIdChars = maxBytes / 16; // escaped, a char is at most 6 bytes: both ids stay under 3/4 of the limit
        StringBuilder json = new StringBuilder("{\"objectId\":");
        string(json, cut(fusion.getObjectId(), maxIdChars));
        json.append(",\"campaignId\":");
        string(json, cut(fusion.getCampaignId(), maxIdChars));
        json.append(",\"viewsUsed\":").append(fusion.getViewsUsed())
                .append(",\"viewsExpected\":").append(fusion.getViewsExpected())
                .append(",\"complete\":").append(fusion.getComplete())
                .append(",\"imageIds\":[");
        List<String> ids = fusion.getImageIds() == null ? List.of() : fusion.getImageIds();
        // room for the closing part: ],"imageIdsLeftOut":<int>}
        int room = maxBytes - utf8Length(json) - 40;
        int kept = 0;
        for (String id : ids) {
            StringBuilder item = new StringBuilder(kept == 0 ? "" : ",");
            string(item, id);
            int size = utf8Length(item);
            if (size > room) {
                break;
            }
            json.append(item);
            room -= size;
            kept++;
        }
        json.append("],\"imageIdsLeftOut\":").append(ids.size() - kept).append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cut(String s, int maxChars) {
        return s == null || s.length() <= maxChars ? s : s.substring(0, maxChars) + "... (" + (s.length() - maxChars) + " more characters)";
    }

    private static int utf8Length(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code s} as a JSON string, or null (Jackson's escapes; a lone surrogate becomes '?' in UTF-8). */
    private static void string(StringBuilder json, String s) {
        if (s == null) {
            json.append("null");
            return;
        }
        json.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
    }
}
