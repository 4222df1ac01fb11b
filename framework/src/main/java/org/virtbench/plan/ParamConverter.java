package org.virtbench.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Converts {@link org.virtbench.annotations.Param} strings to field types. Generated plans call
 * these at run time; the processor calls {@link #check(String, String)} at compile time, so a
 * default that does not convert fails the build with the same message a user would see.
 */
public final class ParamConverter {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)");

    private ParamConverter() {
    }

    public static String asString(String value) {
        return value;
    }

    public static int asInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not an int; write a whole number such as 100");
        }
    }

    public static long asLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a long; write a whole number such as 117187560");
        }
    }

    public static double asDouble(String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number; write one such as 0.5");
        }
    }

    public static boolean asBoolean(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not a boolean; write true or false");
        };
    }

    public static DataSize asSize(String value) {
        return DataSize.parse(value);
    }

    /** {@code 300s}, {@code 5m}, {@code 250ms}, {@code 1h}, {@code 2d}, or ISO-8601 such as {@code PT5M}. */
    public static Duration asDuration(String value) {
        String text = value.trim();
        Matcher m = DURATION.matcher(text);
        Duration d;
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(text);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; write it like 300s, 5m, 250ms or 1h");
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + value + "' is too long a duration");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + value + "' is a negative duration; write one such as 300s");
        }
        return d;
    }

    public static <E extends Enum<E>> E asEnum(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
