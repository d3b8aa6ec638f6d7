package io.acu.stateingest.rest;

import io.acu.formats.InvalidValueException;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.problem.Problem;
import io.acu.problem.ProblemException;
import java.util.regex.Pattern;

/**
 * The ops API's query parameters: whole numbers, topic types and limits, each refused with a 400 problem+json that
 * names the parameter and the value in {@code detail} and the parameter in {@code field} (RFC 9457 extension member):
 * a check throws a 400 {@link ProblemException}, which libs/problem renders.
 */
public final class QueryParameters {

    private static final Pattern DIGITS = Pattern.compile("[+-]?[0-9]+");

    /** The most rows one ops request returns. */
    static final int MAX_LIMIT = 10_000;

    /**
     * A whole-number query parameter. Declared as text because JAX-RS answers a query parameter it cannot convert
     * with an empty 404; an operator's typo deserves a 400 naming the parameter.
     *
     * @return {@code absent} when the parameter is missing or blank
     * @throws ProblemException when it is not a whole number, or one outside the int range (said so: "out of range",
     *     not "not a whole number")
     */
    static Integer wholeNumber(String name, String raw, Integer absent) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            String value = InvalidValueException.excerpt(raw);
            throw bad(name, DIGITS.matcher(raw.strip()).matches()
                    ? name + " is out of range (" + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE + "), was " + value
                    : name + " must be a whole number, was '" + value + "'");
        }
    }

    /**
     * A {@code limit} parameter: at most {@value #MAX_LIMIT} rows.
     *
     * @param raw the parameter as sent, null when absent
     * @param absent the limit when it is absent
     * @return the limit, 1..{@value #MAX_LIMIT}
     * @throws ProblemException when it is not a whole number or outside 1..{@value #MAX_LIMIT} (a number too large for
     *     an int included)
     */
    static int limit(String raw, int absent) {
        if (raw != null && DIGITS.matcher(raw.strip()).matches() && !fitsAnInt(raw.strip())) {
            throw bad("limit", "limit must be 1.." + MAX_LIMIT + ", was " + InvalidValueException.excerpt(raw.strip()));
        }
        int limit = wholeNumber("limit", raw, absent);
        requireLimitInRange(limit);
        return limit;
    }

    private static boolean fitsAnInt(String digits) {
        try {
            Integer.parseInt(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * @param name the query parameter at fault, e.g. {@code stateId}
     * @param detail why, naming it
     * @return a 400 refusal whose problem names the parameter in {@code field}
     */
    static ProblemException bad(String name, String detail) {
        return new ProblemException(Problem.badRequest(detail).withField(name));
    }

    /**
     * @param topicType the parsed {@code topicType}, null when absent
     * @throws ProblemException unless it is one of the catalogue's topic types (800, 2001, ...)
     */
    static void requireKnownTopic(Integer topicType, StateCatalogue catalogue) {
        if (topicType == null || !catalogue.isKnownTopic(topicType)) {
            throw bad("topicType", "topicType must be one of " + catalogue.topicTypes() + ", was " + topicType);
        }
    }

    /**
     * A text parameter compared with stored values. A NUL character cannot be in them (the intakes refuse it) and
     * PostgreSQL refuses it in a query parameter, so it is the client's mistake, not a server error.
     *
     * @param name the parameter's name, e.g. {@code clientId}
     * @param value its value, may be null
     * @return {@code value}
     * @throws ProblemException (400) when it contains a NUL character
     */
    static String storedText(String name, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw bad(name, name + " must not contain a NUL character");
        }
        return value;
    }

    /** @throws ProblemException unless {@code limit} is 1..{@value #MAX_LIMIT} */
    static void requireLimitInRange(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw bad("limit", "limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }
}
