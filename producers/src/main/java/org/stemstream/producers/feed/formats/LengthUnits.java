package org.stemstream.producers.feed.formats;

import java.util.Locale;
import java.util.Map;

/** A length unit's name as image software writes it ("nm", "micron", "\u00B5m", "A", ...) in; its length in nm out. */
final class LengthUnits {
    private static final Map<String, Double> NM = Map.ofEntries(
            Map.entry("pm", 1e-3),
            Map.entry("A", 0.1), Map.entry("\u00C5", 0.1), Map.entry("\u212B", 0.1), Map.entry("\\u00C5", 0.1),
            Map.entry("angstrom", 0.1), Map.entry("angstroms", 0.1),
            Map.entry("nm", 1.0), Map.entry("nanometer", 1.0), Map.entry("nanometers", 1.0), Map.entry("nanometre", 1.0),
            Map.entry("um", 1e3), Map.entry("\u00B5m", 1e3), Map.entry("\u03BCm", 1e3), Map.entry("micron", 1e3), Map.entry("microns", 1e3),
            // ImageJ's own spelling of µm in a TIFF description, and the Properties escape other writers use
            Map.entry("\\u00B5m", 1e3), Map.entry("\\u00b5m", 1e3),
            // the JDK reads TIFF text as US-ASCII: a µ written as one byte (Latin-1) or two (UTF-8) arrives as U+FFFD
            Map.entry("\uFFFDm", 1e3), Map.entry("\uFFFD\uFFFDm", 1e3),
            Map.entry("mm", 1e6), Map.entry("cm", 1e7), Map.entry("m", 1e9));

    /** Pixels whose width and height differ by more than this fraction are not square. */
    private static final double SQUARE_TOLERANCE = 0.01;

    private LengthUnits() {
    }

    /** Whether a pixel {@code width} by {@code height} (any one unit, both positive) is square, within 1 %. */
    static boolean square(double width, double height) {
        return Math.abs(width - height) <= SQUARE_TOLERANCE * Math.max(width, height);
    }

    /**
     * Nanometres in one {@code unit} (surrounding blanks and control characters, such as the NUL
     * some writers end a string with, ignored); null for a unit that is no length we know ("pixel",
     * "inch", "1/nm", ...). Words may come capitalised ("Micron"); symbols keep their case (m is not M).
     */
    static Double nm(String unit) {
        if (unit == null) {
            return null;
        }
        String u = unit.trim();
        Double nm = NM.get(u);
        return nm != null || u.length() <= 2 ? nm : NM.get(u.toLowerCase(Locale.ROOT));
    }
}
