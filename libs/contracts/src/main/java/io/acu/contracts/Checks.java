package io.acu.contracts;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Argument checks shared by the event records' constructors; messages name the offending field. */
final class Checks {

    /** ConfigMgr package ID: 3-character site code and 5 hex digits, e.g. {@code CAS00006}. */
    static final Pattern PACKAGE_ID = Pattern.compile("[A-Z0-9]{3}[0-9A-F]{5}");

    /** SHA-256 as written on the wire: 64 upper-case hex digits. */
    static final Pattern SHA256 = Pattern.compile("[0-9A-F]{64}");

    private Checks() {
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " is required");
        }
        return value;
    }

    static String text(String value, String field) {
        if (required(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** Refuses a text longer than {@code maxLength} characters or containing NUL (which PostgreSQL text cannot store). */
    static String bounded(String value, String field, int maxLength) {
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long, at most " + maxLength + " allowed");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " contains a NUL character");
        }
        return value;
    }

    static String packageId(String value, String field) {
        if (!PACKAGE_ID.matcher(required(value, field)).matches()) {
            throw new IllegalArgumentException(
                    field + " must be a 3-character site code and 5 hex digits (e.g. CAS00006), was '" + value + "'");
        }
        return value;
    }

    /** Validates a SHA-256 hex string (either case) and returns it upper-case; null stays null. */
    static String sha256OrNull(String value, String field) {
        if (value == null) {
            return null;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!SHA256.matcher(upper).matches()) {
            throw new IllegalArgumentException(field + " must be 64 hex digits, was '" + value + "'");
        }
        return upper;
    }

    static String sha256(String value, String field) {
        return sha256OrNull(required(value, field), field);
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
        return value;
    }

    /** An immutable copy; the list and its elements must be non-null. */
    static <T> List<T> list(List<T> value, String field) {
        required(value, field);
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new NullPointerException(field + "[" + i + "] is null");
            }
        }
        return List.copyOf(value);
    }

    static <T> List<T> nonEmptyList(List<T> value, String field) {
        List<T> copy = list(value, field);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return copy;
    }
}
