package io.acu.dpcontent.point;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The {@code If-Range} precondition (RFC 9110 §13.1.5): a client resuming a download sends the validator it got
 * first; the Range applies only if the representation is still the same, otherwise the whole new one is sent (200).
 * BITS resumes this way after a network break.
 */
public final class IfRange {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private IfRange() {
    }

    /**
     * Whether the Range header may be honoured.
     *
     * @param header the If-Range value: an entity tag (e.g. {@code "B0336B…"}) or an HTTP-date; null when absent
     * @param etag the current strong ETag, quoted, e.g. {@code "B0336B…"}
     * @param lastModified the representation's modification time
     * @return true when absent, when the entity tag matches by strong comparison (a weak tag {@code W/"…"} never
     *     matches), or when the date equals Last-Modified to the second; false otherwise (including unparseable
     *     values)
     */
    public static boolean permitsRange(String header, String etag, Instant lastModified) {
        if (header == null) {
            return true;
        }
        String value = header.trim();
        if (value.startsWith("\"")) {
            return value.equals(etag);
        }
        if (value.startsWith("W/")) {
            return false;
        }
        try {
            Instant date = Instant.from(HTTP_DATE.parse(value));
            return date.equals(lastModified.truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Formats an instant as an HTTP-date (IMF-fixdate, RFC 9110 §5.6.7), for Last-Modified.
     *
     * @param instant the time
     * @return e.g. {@code Sun, 29 Nov 2026 10:00:00 GMT}
     */
    public static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
