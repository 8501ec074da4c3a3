package io.mapdirect.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations written as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or {@code 1h30m}; each
 * part has at most nine digits, so no sum overflows (the commands then bound the total).
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        Duration total = parse(text);
        if (total == null) {
            throw new TypeConversionException("'" + text + "' is not a duration; write e.g. 90s, 2m, 1h or 1h30m (at most 9 digits a part)");
        }
        return total;
    }

    /** The duration, or null when {@code text} is not one (or is zero). */
    static Duration parse(String text) {
        Matcher matcher = PART.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            end = matcher.end();
        }
        boolean whole = end > 0 && end == text.trim().length();
        return whole && !total.isZero() ? total : null;
    }
}
