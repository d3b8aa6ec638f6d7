package io.acu.fleetsim.cli;

import io.acu.fleetsim.domain.InjectedFailure;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads the command line's compound values; each reader throws {@link IllegalArgumentException} with the reason,
 * which the picocli converters turn into a usage error.
 */
public final class CliValues {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");
    private static final List<String> FAILURE_KINDS = List.of("download", "hash", "install");

    private CliValues() {
    }

    /**
     * A duration: {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h}, {@code 1d}, a bare number of seconds, or ISO-8601
     * ({@code PT1M}).
     *
     * @throws IllegalArgumentException for anything else or a negative value
     */
    public static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT_DURATION.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("a duration must not be negative: '" + text + "'");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 60s, 500ms, 2m or PT1M");
        }
    }

    /**
     * Injected failure rates: comma-separated {@code kind=rate} with kinds {@code download}, {@code hash},
     * {@code install} (each at most once; missing kinds are 0), e.g. {@code download=0.02,hash=0.01,install=0.02};
     * {@code none} or an empty text for no failures.
     *
     * @throws IllegalArgumentException for an unknown kind, a repeated one, a rate that is not a number 0..1, or
     *     rates adding up to more than 1
     */
    public static InjectedFailure.Rates failureRates(String text) {
        String value = text.trim();
        if (value.isEmpty() || value.equalsIgnoreCase("none")) {
            return InjectedFailure.Rates.ZERO;
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String[] pair = part.split("=", 2);
            String kind = pair[0].trim().toLowerCase(Locale.ROOT);
            if (pair.length != 2 || !FAILURE_KINDS.contains(kind)) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not kind=rate with kind one of " + FAILURE_KINDS);
            }
            if (rates.put(kind, share(pair[1], kind)) != null) {
                throw new IllegalArgumentException(kind + " is given twice");
            }
        }
        return new InjectedFailure.Rates(rates.getOrDefault("download", 0.0), rates.getOrDefault("hash", 0.0), rates.getOrDefault("install", 0.0));
    }

    /**
     * A fraction 0..1.
     *
     * @param what what it is, for the reason
     * @throws IllegalArgumentException when not a number in 0..1
     */
    public static double share(String text, String what) {
        double share;
        try {
            share = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number 0..1, was '" + text.trim() + "'");
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(what + " must be a number 0..1, was " + text.trim());
        }
        return share;
    }

    /** picocli converter for {@link #duration}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return duration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** picocli converter for {@link #failureRates}. */
    static final class FailureRatesConverter implements CommandLine.ITypeConverter<InjectedFailure.Rates> {
        @Override
        public InjectedFailure.Rates convert(String value) {
            try {
                return failureRates(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** picocli converter for a fraction 0..1. */
    static final class ShareConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return share(value, "a share");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
