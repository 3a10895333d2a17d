package org.stemstream.producers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a campaign file, each with the line it starts on. In: a CSV file with a header
 * ({@code .csv}) or JSON lines ({@code .jsonl}, {@code .json}; extensions in any case), and the
 * columns (keys) its reader knows. Out: one map per row that is not blank, its values as written (CSV cells as strings, JSON
 * values as parsed). Names are case-sensitive. Refused, with the file's name (and the line): a
 * column or key that is not known (listing the known ones), a repeated or unnamed column, a line
 * that is not one JSON object, an empty file, a file without a row that gives a value.
 */
final class CampaignFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One row of the file and the line it starts on. */
    record Row(long line, Map<String, Object> values) {
    }

    private CampaignFile() {
    }

    static List<Row> read(Path file, List<String> known) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean csv = name.endsWith(".csv");
        if (csv || name.endsWith(".jsonl") || name.endsWith(".json")) {
            if (isBlank(Files.readAllBytes(file))) {
                throw new IllegalArgumentException(file + " is empty: expected " + (csv
                        ? "a header line naming the columns, then one row per particle" : "one JSON object per line, one per particle"));
            }
            List<Row> rows = csv ? csv(file, known) : jsonLines(file, known);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no requests: its header has no row below it that gives a value");
            }
            return rows;
        }
        throw new IllegalArgumentException("campaign file " + file + " must end in .csv (comma-separated, with a header), "
                + ".jsonl or .json (JSON lines: one object per line)");
    }

    /** Nothing but white space, perhaps after a UTF-8 byte-order mark. */
    private static boolean isBlank(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (" \t\r\n".indexOf(bytes[i]) < 0) {
                return false;
            }
        }
        return true;
    }

    private static List<Row> csv(Path file, List<String> known) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(file.toFile())) {
            boolean more = it.hasNextValue(); // reads the header, so the schema holds its names
            checkHeader(file, ((CsvParser) it.getParser()).getSchema(), known);
            while (more) {
                long line = it.getCurrentLocation().getLineNr();
                Map<String, Object> row = it.nextValue();
                if (row.values().stream().anyMatch(v -> v != null && !v.toString().isBlank())) {
                    rows.add(new Row(line, row));
                }
                more = it.hasNextValue();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        }
        return rows;
    }

    private static void checkHeader(Path file, CsvSchema header, List<String> known) {
        List<String> names = new ArrayList<>();
        header.forEach(column -> names.add(column.getName()));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isBlank()) {
                throw new IllegalArgumentException(file + " header: column " + (i + 1) + " has no name (a stray comma?); "
                        + "known columns: " + String.join(", ", known));
            }
            if (!seen.add(names.get(i))) {
                throw new IllegalArgumentException(file + " header: column '" + names.get(i) + "' appears twice");
            }
        }
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            boolean otherSeparator = unknown.stream().anyMatch(n -> n.contains(";") || n.contains("\t"));
            throw new IllegalArgumentException(file + " header: " + unknown("column", unknown, known)
                    + (otherSeparator ? " (the header holds ';' or a tab: columns must be separated by commas)" : ""));
        }
    }

    private static List<Row> jsonLines(Path file, List<String> known) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Object value;
            try {
                value = JSON.readValue(line, Object.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a JSON object: " + e.getOriginalMessage()
                        + " (the file holds one whole JSON object per line)", e);
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a JSON object but "
                        + (value instanceof List ? "an array (the file holds one JSON object per line)" : "'" + line.trim() + "'"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) map;
            List<String> unknown = row.keySet().stream().filter(k -> !known.contains(k)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + unknown("key", unknown, known));
            }
            rows.add(new Row(i + 1, row));
        }
        return rows;
    }

    /** "unknown columns 'x', 'y'; known columns: ...", with a hint where only the case is wrong. */
    private static String unknown(String what, List<String> unknown, List<String> known) {
        List<String> named = new ArrayList<>();
        for (String u : unknown) {
            String near = known.stream().filter(k -> k.equalsIgnoreCase(u.trim())).findFirst().orElse(null);
            named.add("'" + u + "'" + (near != null ? " (did you mean '" + near + "'?)" : ""));
        }
        return "unknown " + what + (unknown.size() > 1 ? "s " : " ") + String.join(", ", named)
                + "; known " + what + "s: " + String.join(", ", known);
    }
}
