package io.acu.formats;

import java.util.Locale;
import java.util.Objects;

/**
 * A ConfigMgr package ID such as {@code CAS00006}: the 3-character code of the site that created
 * the package (letters and digits) followed by a 5-hex-digit sequence number. It names the
 * package's folder on distribution points ({@code SMS_DP_SMSPKG$/CAS00006}).
 *
 * <p>Parsed case-insensitively and always held upper-case, as ConfigMgr displays it.
 */
public final class PackageId implements Comparable<PackageId> {

    /** Largest sequence number: five hex digits. */
    public static final int MAX_SEQUENCE = 0xFFFFF;

    private static final String FORMAT = "package ID";
    private static final int SITE_CODE_LENGTH = 3;
    private static final int LENGTH = SITE_CODE_LENGTH + 5;

    private final String value;

    private PackageId(String value) {
        this.value = value;
    }

    /**
     * Parses a package ID.
     *
     * @param text 8 characters: 3 ASCII letters or digits, then 5 hex digits; any case
     * @return the ID, upper-case
     * @throws InvalidValueException if {@code text} has another length or a wrong character
     * @throws NullPointerException if {@code text} is null
     */
    public static PackageId parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != LENGTH) {
            throw new InvalidValueException(FORMAT, text,
                    "expected " + LENGTH + " characters (3-character site code + 5 hex digits), got " + text.length());
        }
        String upper = text.toUpperCase(Locale.ROOT);
        for (int i = 0; i < LENGTH; i++) {
            char c = upper.charAt(i);
            if (i < SITE_CODE_LENGTH ? !isSiteCodeChar(c) : !isHexDigit(c)) {
                throw new InvalidValueException(FORMAT, text, i < SITE_CODE_LENGTH
                        ? "site code character " + (i + 1) + " is not a letter or digit"
                        : "sequence character " + (i + 1 - SITE_CODE_LENGTH) + " is not a hex digit");
            }
        }
        return new PackageId(upper);
    }

    /**
     * The package ID for a site and sequence number, e.g. {@code of("CAS", 6)} is {@code CAS00006}.
     *
     * @throws InvalidValueException if the site code is not 3 letters/digits or the sequence is
     *     outside 0..{@value #MAX_SEQUENCE}
     */
    public static PackageId of(String siteCode, int sequence) {
        if (sequence < 0 || sequence > MAX_SEQUENCE) {
            throw new InvalidValueException(FORMAT, siteCode + "/" + sequence, "sequence must be 0.." + MAX_SEQUENCE);
        }
        return parse(siteCode + String.format(Locale.ROOT, "%05X", sequence));
    }

    private static boolean isSiteCodeChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    /** The site code, upper-case, e.g. {@code CAS}. */
    public String siteCode() {
        return value.substring(0, SITE_CODE_LENGTH);
    }

    /** The sequence number the 5 hex digits encode, e.g. 6 for {@code CAS00006}, 0xA1F for {@code P010A1F}. */
    public int sequence() {
        return Integer.parseInt(value.substring(SITE_CODE_LENGTH), 16);
    }

    /** Orders by site code, then sequence (the plain string order, since both parts are fixed-width). */
    @Override
    public int compareTo(PackageId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackageId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The 8-character upper-case ID, e.g. {@code CAS00006}. */
    @Override
    public String toString() {
        return value;
    }
}
