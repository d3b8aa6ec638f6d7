package io.acu.dpcontent.point;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a {@code Range} request header against a representation's size, per RFC 9110 §14.1–14.2 and §15.5.17;
 * the answer decides between 200 (whole), 206 (one range, or multipart/byteranges for several) and 416.
 *
 * <p>Rules followed: only the {@code bytes} unit (case-insensitive) is understood, others are ignored; an
 * {@code int-range} {@code first-[last]} with {@code last} beyond the end is clamped; a {@code suffix-range}
 * {@code -n} means the last n bytes (all of them if n exceeds the size); ranges that start at or past the end, and
 * {@code -0}, are unsatisfiable and dropped; if none remains the result is 416. A syntactically invalid header
 * (garbage, {@code last < first}, a sign, no ranges) is ignored, as §14.2 allows. BITS and {@code curl -r} send one
 * range; browsers and download managers several.
 *
 * <p>Against denial of service (§14.2, §17.15: "servers ought to ignore, coalesce, or reject egregious range
 * requests"), no answer carries a byte of the file twice:
 * <ul>
 *   <li>satisfiable ranges that overlap or are adjacent are coalesced into one (§15.3.7.2 allows this regardless of
 *       the order they were requested in); the remaining ranges keep the order of their first request (§14.2);
 *       if one range remains the answer is a plain 206 with Content-Range, as for a single requested range;
 *   <li>a header with more than {@link #MAX_RANGES} ranges is ignored, so the answer is 200 with the whole file.
 *       §14.2 lets a server ignore or reject such a header; ignoring is chosen because HTTP has no status for
 *       "too many ranges" (416 would wrongly claim the ranges miss the file) and the whole file is what the client
 *       is after anyway.
 * </ul>
 */
public final class RangeRequest {

    /**
     * Most ranges a Range header may list (counted as requested, before coalescing); one listing more gets the whole
     * representation (200).
     */
    public static final int MAX_RANGES = 16;

    private RangeRequest() {
    }

    /** What to send. */
    public sealed interface Outcome permits Whole, Partial, Unsatisfiable {
    }

    /** 200 with the whole representation: no Range, or one that is ignored. */
    public record Whole() implements Outcome {
    }

    /**
     * 206: one range (Content-Range) or several (multipart/byteranges).
     *
     * @param ranges at least one range, each within the representation, none overlapping or adjacent to another; in
     *     the order their first constituent was requested
     */
    public record Partial(List<ByteRange> ranges) implements Outcome {
        /** Copies the list. */
        public Partial {
            ranges = List.copyOf(ranges);
        }
    }

    /** 416 with {@code Content-Range: bytes *}{@code /size}: a valid range set of which no range overlaps the content. */
    public record Unsatisfiable() implements Outcome {
    }

    /**
     * Evaluates a Range header.
     *
     * @param header the Range field value, e.g. {@code bytes=0-499,-500}; null or blank when absent
     * @param size the representation's size in bytes, 0 or more
     * @return what to send
     */
    public static Outcome evaluate(String header, long size) {
        if (header == null || header.isBlank()) {
            return new Whole();
        }
        int eq = header.indexOf('=');
        if (eq < 0 || !header.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole();
        }
        String[] specs = header.substring(eq + 1).split(",", -1);
        List<ByteRange> satisfiable = new ArrayList<>();
        int valid = 0;
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue; // RFC 9110 §5.6.1: empty list elements are ignored
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Whole();
            }
            String firstText = spec.substring(0, dash);
            String lastText = spec.substring(dash + 1);
            if (firstText.isEmpty()) {
                long suffix = digits(lastText);
                if (suffix < 0) {
                    return new Whole();
                }
                valid++;
                if (suffix > 0 && size > 0) {
                    satisfiable.add(new ByteRange(Math.max(0, size - suffix), size - 1));
                }
            } else {
                long first = digits(firstText);
                long last = lastText.isEmpty() ? Long.MAX_VALUE : digits(lastText);
                if (first < 0 || last < 0 || last < first) {
                    return new Whole();
                }
                valid++;
                if (first < size) {
                    satisfiable.add(new ByteRange(first, Math.min(last, size - 1)));
                }
            }
        }
        if (valid == 0 || valid > MAX_RANGES) { // §14.2: an egregious header may be ignored
            return new Whole();
        }
        return satisfiable.isEmpty() ? new Unsatisfiable() : new Partial(coalesce(satisfiable));
    }

    /**
     * Merges ranges that overlap or touch (RFC 9110 §15.3.7.2), so no byte is sent twice and no part boundary is
     * spent between adjacent bytes.
     *
     * @param requested satisfiable ranges in the order requested, at least one
     * @return disjoint, non-adjacent ranges covering the same bytes, each placed where the earliest requested of the
     *     ranges it absorbed was (§14.2: parts follow the request's order, less those coalesced into others)
     */
    private static List<ByteRange> coalesce(List<ByteRange> requested) {
        record Merged(ByteRange range, int requestedAt) {
        }
        List<Integer> byFirstByte = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            byFirstByte.add(i);
        }
        byFirstByte.sort(Comparator.comparingLong(i -> requested.get(i).first()));
        List<Merged> merged = new ArrayList<>();
        for (int i : byFirstByte) {
            ByteRange range = requested.get(i);
            Merged previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            // last is below the size, so last + 1 cannot overflow.
            if (previous != null && range.first() <= previous.range().last() + 1) {
                ByteRange union = new ByteRange(previous.range().first(), Math.max(previous.range().last(), range.last()));
                merged.set(merged.size() - 1, new Merged(union, Math.min(previous.requestedAt(), i)));
            } else {
                merged.add(new Merged(range, i));
            }
        }
        merged.sort(Comparator.comparingInt(Merged::requestedAt));
        return merged.stream().map(Merged::range).toList();
    }

    /** @return the value of 1 or more ASCII digits (saturating at Long.MAX_VALUE), or -1 if not only digits */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
