package io.acu.formats;

import java.util.Arrays;
import java.util.Objects;

/**
 * A ConfigMgr client or Windows file version such as {@code 5.00.7804.1000} or
 * {@code 4.3.0215.0000}: one to four dot-separated non-negative decimal parts
 * (major.minor.build.revision).
 *
 * <p>Parts compare as numbers, so leading zeros are insignificant and missing parts count as 0:
 * {@code 4.3.0215.0000} equals {@code 4.3.215} and {@code 4.3.215.0}. This is how ccmsetup
 * evaluates the {@code Version} discovery property of a manifest item. {@link #equals} and
 * {@link #hashCode} are numeric too, consistent with {@link #compareTo}; {@link #toString()}
 * returns the text as parsed, for display, and {@link #normalized()} the canonical form.
 *
 * <p>Parts are {@code long}s and are not capped at 65535: ConfigMgr writes build numbers such as
 * {@code 7804} with or without padding, and nothing in acu depends on the Win32 16-bit limit.
 */
public final class Version implements Comparable<Version> {

    private static final String FORMAT = "version";
    private static final int MAX_PARTS = 4;

    private final String text;
    /** Always four parts; the ones missing from {@link #text} are 0. */
    private final long[] parts;

    private Version(String text, long[] parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses a version.
     *
     * @param text one to four parts of ASCII digits separated by {@code .}, no sign, no spaces;
     *     e.g. {@code 5.00.7804.1000}, {@code 4.3.215}, {@code 7}
     * @return the version, keeping {@code text} for {@link #toString()}
     * @throws InvalidValueException if {@code text} is empty, has an empty or non-numeric part,
     *     more than four parts, or a part beyond {@link Long#MAX_VALUE}
     * @throws NullPointerException if {@code text} is null
     */
    public static Version parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidValueException(FORMAT, text, "it is empty");
        }
        String[] split = text.split("\\.", -1);
        if (split.length > MAX_PARTS) {
            throw new InvalidValueException(FORMAT, text,
                    "it has " + split.length + " parts, at most " + MAX_PARTS + " are allowed");
        }
        long[] parts = new long[MAX_PARTS];
        for (int i = 0; i < split.length; i++) {
            parts[i] = parsePart(text, split[i], i + 1);
        }
        return new Version(text, parts);
    }

    /**
     * A version from its four numeric parts; {@link #toString()} is then {@code a.b.c.d}.
     *
     * @throws InvalidValueException if a part is negative
     */
    public static Version of(long major, long minor, long build, long revision) {
        long[] parts = {major, minor, build, revision};
        for (long part : parts) {
            if (part < 0) {
                throw new InvalidValueException(FORMAT, Arrays.toString(parts), "parts must not be negative");
            }
        }
        return new Version(join(parts), parts);
    }

    private static long parsePart(String text, String part, int position) {
        if (part.isEmpty()) {
            throw new InvalidValueException(FORMAT, text, "part " + position + " is empty");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            // ASCII only: Character.isDigit would also accept e.g. Arabic-Indic digits.
            if (c < '0' || c > '9') {
                throw new InvalidValueException(FORMAT, text,
                        "part " + position + " '" + InvalidValueException.excerpt(part) + "' is not a non-negative number");
            }
        }
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(FORMAT, text, "part " + position + " is too large");
        }
    }

    /** The first part. */
    public long major() {
        return parts[0];
    }

    /** The second part, 0 when absent. */
    public long minor() {
        return parts[1];
    }

    /** The third part, 0 when absent. */
    public long build() {
        return parts[2];
    }

    /** The fourth part, 0 when absent. */
    public long revision() {
        return parts[3];
    }

    /** The canonical form: four parts without leading zeros, e.g. {@code 4.3.215.0} for {@code 4.3.0215}. */
    public String normalized() {
        return join(parts);
    }

    /** Whether this version is equal to or newer than {@code other} (numerically). */
    public boolean isAtLeast(Version other) {
        return compareTo(other) >= 0;
    }

    /** Numeric comparison, part by part from major to revision. */
    @Override
    public int compareTo(Version other) {
        return Arrays.compare(parts, other.parts);
    }

    /** Numeric equality: {@code 4.3.0215.0000} equals {@code 4.3.215}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Version other && Arrays.equals(parts, other.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    /** The text as parsed (e.g. {@code 5.00.7804.1000}), for display and for writing back unchanged. */
    @Override
    public String toString() {
        return text;
    }

    private static String join(long[] parts) {
        return parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3];
    }
}
