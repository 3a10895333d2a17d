package org.stemstream.producers.feed.formats;

import java.util.HashMap;
import java.util.Map;

/**
 * The pixel size FEI / Thermo Fisher SEMs and FIBs record in their TIFFs: the INI-style text of
 * tag 34682 (FEI_HELIOS) or 34680 (FEI_SFEG) in, {@code [Scan] PixelWidth} (else {@code [EScan]}'s)
 * in nm out. Layout as cgohlke/tifffile's {@code read_fei_metadata} parses it: "[Section]" lines,
 * then "Key=Value" lines; PixelWidth and PixelHeight in metres ("3.0517578125e-009").
 */
final class FeiPixelSize {
    private static final String[] SECTIONS = {"Scan", "EScan"};
    private static final double NM_PER_M = 1e9;

    private FeiPixelSize() {
    }

    /** Null when no section states a positive, finite width, or its height differs from it by more than 1 %. */
    static Double nm(String ini) {
        Map<String, Map<String, String>> sections = parse(ini);
        for (String name : SECTIONS) {
            Map<String, String> section = sections.getOrDefault(name, Map.of());
            Double width = metres(section.get("PixelWidth"));
            if (width != null) {
                Double height = metres(section.get("PixelHeight"));
                return height == null || LengthUnits.square(width, height) ? width * NM_PER_M : null;
            }
        }
        return null;
    }

    private static Map<String, Map<String, String>> parse(String ini) {
        Map<String, Map<String, String>> sections = new HashMap<>();
        Map<String, String> section = null;
        // FEI pads the text with NULs and ends lines with CR LF
        for (String raw : ini.split("[\r\n]+")) {
            String line = raw.replace("\0", "").strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new HashMap<>());
            } else if (section != null && line.indexOf('=') > 0) {
                int eq = line.indexOf('=');
                section.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return sections;
    }

    private static Double metres(String value) {
        if (value == null) {
            return null;
        }
        try {
            double m = Double.parseDouble(value);
            return m > 0 && Double.isFinite(m) ? m : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
