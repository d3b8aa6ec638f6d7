package io.acu.formats;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A WMI {@code CIM_DATETIME} timestamp as used in state messages ({@code MessageTime}, report
 * {@code Date}): {@code yyyyMMddHHmmss.ffffff±UUU}, 25 characters, where {@code ffffff} is
 * microseconds and {@code ±UUU} is the offset from UTC in <em>minutes</em>, sign included, e.g.
 * {@code 20140120171855.573000+000} or {@code 20140120171855.573000-300} (UTC-5).
 *
 * <p>Holds the original text (for {@link #toString()}) and the {@link OffsetDateTime} it denotes,
 * at microsecond precision. Equality compares the date-time and offset, so {@code -000} and
 * {@code +000} are equal. WMI's wildcard form ({@code *} for unused fields) is not accepted:
 * state messages always carry a complete timestamp.
 */
public final class WmiDateTime {

    private static final String FORMAT = "WMI datetime";
    /** The shape {@link #parse} accepts, as a regular expression (tests hold the hand-written check to it). */
    static final Pattern SHAPE = Pattern.compile(
            "(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})\\.(\\d{6})([+-])(\\d{3})");
    private static final int SHAPE_LENGTH = 25;
    private static final String EXPECTED = "expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)";
    private static final int MAX_OFFSET_MINUTES = 999;

    private final String text;
    private final OffsetDateTime value;

    private WmiDateTime(String text, OffsetDateTime value) {
        this.text = text;
        this.value = value;
    }

    /**
     * Parses a WMI datetime.
     *
     * @param text exactly {@code yyyyMMddHHmmss.ffffff±UUU} in ASCII digits
     * @throws InvalidValueException if the shape is wrong or a field is out of range (e.g. month 13)
     * @throws NullPointerException if {@code text} is null
     */
    public static WmiDateTime parse(String text) {
        Objects.requireNonNull(text, "text");
        // Checked by hand, not with a regular expression: every state message carries one (measured: the matcher and
        // its groups were a tenth of reading a report). The shape is SHAPE's, ASCII digits only.
        if (!hasShape(text)) {
            throw new InvalidValueException(FORMAT, text, EXPECTED);
        }
        int offsetMinutes = digits(text, 22, 25) * (text.charAt(21) == '-' ? -1 : 1);
        try {
            OffsetDateTime value = OffsetDateTime.of(
                    digits(text, 0, 4), digits(text, 4, 6), digits(text, 6, 8),
                    digits(text, 8, 10), digits(text, 10, 12), digits(text, 12, 14),
                    digits(text, 15, 21) * 1000,
                    ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            return new WmiDateTime(text, value);
        } catch (DateTimeException e) {
            throw new InvalidValueException(FORMAT, text, e.getMessage());
        }
    }

    /** {@code yyyyMMddHHmmss.ffffff±UUU} in ASCII digits: what {@code SHAPE} matches. */
    private static boolean hasShape(String text) {
        if (text.length() != SHAPE_LENGTH || text.charAt(14) != '.' || (text.charAt(21) != '+' && text.charAt(21) != '-')) {
            return false;
        }
        for (int i = 0; i < SHAPE_LENGTH; i++) {
            char c = text.charAt(i);
            if (i != 14 && i != 21 && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** The decimal value of the ASCII digits {@code text[from, to)}. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /**
     * The WMI datetime for {@code dateTime}, in its own offset. Sub-microsecond digits are
     * truncated (WMI carries microseconds).
     *
     * @throws InvalidValueException if the offset is not a whole number of minutes, exceeds 999
     *     minutes, or the year is outside 0..9999
     */
    public static WmiDateTime of(OffsetDateTime dateTime) {
        OffsetDateTime value = dateTime.truncatedTo(ChronoUnit.MICROS);
        return new WmiDateTime(format(value), value);
    }

    /** The WMI datetime for {@code instant} in UTC ({@code +000}), truncated to microseconds. */
    public static WmiDateTime of(Instant instant) {
        return of(instant.atOffset(ZoneOffset.UTC));
    }

    /**
     * Formats {@code dateTime} as {@code yyyyMMddHHmmss.ffffff±UUU}, truncating to microseconds.
     *
     * @throws InvalidValueException as for {@link #of(OffsetDateTime)}
     */
    public static String format(OffsetDateTime dateTime) {
        int offsetSeconds = dateTime.getOffset().getTotalSeconds();
        if (offsetSeconds % 60 != 0 || Math.abs(offsetSeconds / 60) > MAX_OFFSET_MINUTES) {
            throw new InvalidValueException(FORMAT, dateTime.toString(),
                    "the offset must be whole minutes within +-" + MAX_OFFSET_MINUTES);
        }
        if (dateTime.getYear() < 0 || dateTime.getYear() > 9999) {
            throw new InvalidValueException(FORMAT, dateTime.toString(), "the year must be 0..9999");
        }
        int offsetMinutes = offsetSeconds / 60;
        // By hand, not String.format: every simulated client's report formats two of these (a fifth of the load
        // generator's report writing went to java.util.Formatter).
        StringBuilder text = new StringBuilder(25);
        digits(text, dateTime.getYear(), 4);
        digits(text, dateTime.getMonthValue(), 2);
        digits(text, dateTime.getDayOfMonth(), 2);
        digits(text, dateTime.getHour(), 2);
        digits(text, dateTime.getMinute(), 2);
        digits(text, dateTime.getSecond(), 2);
        digits(text.append('.'), dateTime.getNano() / 1000, 6);
        digits(text.append(offsetMinutes < 0 ? '-' : '+'), Math.abs(offsetMinutes), 3);
        return text.toString();
    }

    /** Appends {@code value} (0 or more, with at most {@code width} digits) zero-padded to {@code width} digits. */
    private static void digits(StringBuilder text, int value, int width) {
        for (int divisor = (int) Math.pow(10, width - 1); divisor > 0; divisor /= 10) {
            text.append((char) ('0' + value / divisor % 10));
        }
    }

    /** The date-time with the offset it was written in. */
    public OffsetDateTime toOffsetDateTime() {
        return value;
    }

    /** The instant on the UTC time-line. */
    public Instant toInstant() {
        return value.toInstant();
    }

    /** The original text (or, for {@code of(...)}, the formatted one). */
    public String text() {
        return text;
    }

    /** Same as {@link #text()}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WmiDateTime other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
