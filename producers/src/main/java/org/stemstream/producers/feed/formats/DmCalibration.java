package org.stemstream.producers.feed.formats;

import java.util.List;
import org.stemstream.producers.feed.RejectedFileException;

/**
 * An image's pixel size from its {@code ImageData.Calibrations} group: the first {@code Dimension}
 * entry (x) read as a length, its {@code Scale} converted to nm by its {@code Units}. Null when the
 * file states none that reads as a length: no calibration, no or an unknown unit ({@code 1/nm} of
 * a diffraction pattern, {@code pixel}), a scale that is not a positive number. Refused when x and
 * y are lengths that differ by more than 1 %: the classifier assumes square pixels.
 */
final class DmCalibration {
    /** Longer than any unit; a longer array is something else, not read as text. */
    private static final int MAX_UNIT_CHARS = 64;

    private DmCalibration() {
    }

    static Double pixelSizeNm(DmTag.Group calibrations, byte[] file, String fileName) throws RejectedFileException {
        DmTag.Group dimension = calibrations == null ? null : calibrations.group("Dimension");
        if (dimension == null) {
            return null;
        }
        List<DmTag.Group> axes = dimension.groups();
        Double x = axes.isEmpty() ? null : nm(axes.get(0), file);
        Double y = axes.size() < 2 ? null : nm(axes.get(1), file);
        if (x != null && y != null && !LengthUnits.square(x, y)) {
            throw new RejectedFileException(fileName + " has non-square pixels: " + x + " nm in x, " + y
                    + " nm in y (more than 1 % apart); the classifier assumes square pixels");
        }
        return x;
    }

    /** The units of axis {@code index} (0 = x), trimmed; null when the file states none. */
    static String units(DmTag.Group calibrations, int index, byte[] file) {
        DmTag.Group dimension = calibrations == null ? null : calibrations.group("Dimension");
        List<DmTag.Group> axes = dimension == null ? List.of() : dimension.groups();
        String units = axes.size() <= index ? null : units(axes.get(index).get("Units"), file);
        return units == null ? null : units.trim();
    }

    /** One axis's scale in nm, or null when it is not a length. */
    private static Double nm(DmTag.Group axis, byte[] file) {
        if (!(axis.get("Scale") instanceof DmTag.Number n)) {
            return null;
        }
        // a float32 scale means the decimal DigitalMicrograph shows (2.5E-4), not its binary neighbour
        double scale = n.encodedType() == DmTagParser.FLOAT32 ? Double.parseDouble(Float.toString((float) n.value())) : n.value();
        Double perUnit = LengthUnits.nm(units(axis.get("Units"), file));
        if (perUnit == null || !(scale > 0) || !Double.isFinite(scale * perUnit)) {
            return null;
        }
        return scale * perUnit;
    }

    private static String units(DmTag tag, byte[] file) {
        if (tag instanceof DmTag.Text t) {
            return t.value();
        }
        if (tag instanceof DmTag.Array a) {
            return a.asText(file, MAX_UNIT_CHARS);
        }
        return null;
    }
}
