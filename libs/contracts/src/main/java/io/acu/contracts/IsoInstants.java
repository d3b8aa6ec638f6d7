package io.acu.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Instants as events carry them, ISO-8601 in UTC ({@code 2013-09-09T08:56:47Z}, {@code 2013-09-09T08:56:47.120Z}), read
 * and written without {@link java.time.format.DateTimeFormatter}: every state message event holds three instants,
 * and the formatter's general parser was the largest single cost of decoding one (about half of it).
 *
 * <p>The text is exactly {@link Instant#toString()}'s ({@link java.time.format.DateTimeFormatter#ISO_INSTANT}): the
 * fraction in groups of three digits, absent when zero. Only the canonical form for years 1000 to 9999 takes the
 * fast path; anything else (an offset instead of {@code Z}, a leap second, a fraction of unusual length, an epoch
 * number, a year outside that range) goes to jackson-datatype-jsr310's own {@link InstantDeserializer} and
 * {@link InstantSerializer}, so what is accepted, refused and written is unchanged.
 */
final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final long MIN_FAST_EPOCH_DAY = LocalDate.of(1000, 1, 1).toEpochDay();
    private static final long MAX_FAST_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private IsoInstants() {
    }

    /** @return a Jackson module whose Instant serializer and deserializer use the fast paths; register after JavaTimeModule */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("acu-iso-instants");
        module.addSerializer(Instant.class, new Serializer());
        module.addDeserializer(Instant.class, new Deserializer());
        return module;
    }

    /**
     * Writes an instant as {@link Instant#toString()} does.
     *
     * @param instant the instant
     * @return e.g. {@code 2026-11-20T09:00:00Z}, {@code 2026-11-20T09:00:00.123456Z}
     */
    static String format(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        if (epochDay < MIN_FAST_EPOCH_DAY || epochDay > MAX_FAST_EPOCH_DAY) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int nano = instant.getNano();
        char[] text = new char[nano == 0 ? 20 : nano % 1_000_000 == 0 ? 24 : nano % 1_000 == 0 ? 27 : 30];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        if (nano != 0) {
            text[19] = '.';
            int fractionDigits = text.length - 21;
            digits(text, 20, nano / POWERS_OF_TEN[9 - fractionDigits], fractionDigits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /**
     * Reads the canonical form {@link #format} writes.
     *
     * @param text e.g. {@code 2026-11-20T09:00:00Z} or with a fraction of 1 to 9 digits
     * @return the instant, or null when the text is not in that form or names no valid time (the caller then asks
     *     the general parser, which knows the exact reason)
     */
    static Instant parseCanonical(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 1000 || month < 1 || month > 12 || day < 1 || (hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59
                || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int nano = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fractionDigits = length - 21;
            int fraction = number(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nano = fraction * POWERS_OF_TEN[9 - fractionDigits];
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** @return the decimal number in {@code text[from, from + count)}, or -1 if a character is not an ASCII digit */
    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] text, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Writes the canonical text; timestamps-as-numbers, if a mapper copy enables them, go to jsr310's serializer. */
    private static final class Serializer extends StdScalarSerializer<Instant> {

        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, generator, provider);
            } else {
                generator.writeString(format(value));
            }
        }
    }

    /** Reads the canonical text; every other input, and its errors, is jsr310's. */
    private static final class Deserializer extends StdScalarDeserializer<Instant> {

        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = parseCanonical(parser.getText());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
