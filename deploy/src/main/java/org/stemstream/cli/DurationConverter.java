package org.stemstream.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every duration option's format, registered on the launcher's command line: {@code 500ms},
 * {@code 10s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT10S}) or a bare number of seconds; not
 * negative.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    /** A number (sign, digits, a decimal point) and an optional unit. */
    private static final Pattern SIMPLE = Pattern.compile("([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))\\s*(ms|s|m|h)?");
    static final String FORMATS = "500ms, 10s, 2m, 1h, ISO-8601 such as PT10S, or seconds";

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (v.startsWith("p") || v.startsWith("-p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else {
                Matcher m = SIMPLE.matcher(v);
                if (!m.matches()) {
                    throw new NumberFormatException(value);
                }
                double millisPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> 1;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 1000;
                };
                d = Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * millisPerUnit));
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (" + FORMATS + ")");
        }
        if (d.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative; a duration is " + FORMATS);
        }
        return d;
    }

    /** {@code d} in the largest unit that states it exactly: 2h, 10m, 60s, 500ms. */
    static String format(Duration d) {
        long ms = d.toMillis();
        return ms != 0 && ms % 3_600_000 == 0 ? ms / 3_600_000 + "h" : ms != 0 && ms % 60_000 == 0 ? ms / 60_000 + "m"
                : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
