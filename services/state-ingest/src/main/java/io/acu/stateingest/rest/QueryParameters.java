package io.acu.stateingest.rest;

import io.acu.formats.InvalidValueException;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.problem.ProblemException;

/**
 * The ops API's query parameters: whole numbers, topic types and limits, each refused with a 400 problem+json that
 * names the parameter and the value: a check throws a 400 {@link ProblemException}, which libs/problem renders.
 */
public final class QueryParameters {

    /** The most rows one ops request returns. */
    static final int MAX_LIMIT = 10_000;

    /**
     * A whole-number query parameter. Declared as text because JAX-RS answers a query parameter it cannot convert
     * with an empty 404; an operator's typo deserves a 400 naming the parameter.
     *
     * @return {@code absent} when the parameter is missing or blank
     * @throws ProblemException when it is not a whole number in the int range
     */
    static Integer wholeNumber(String name, String raw, Integer absent) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, was '" + InvalidValueException.excerpt(raw) + "'");
        }
    }

    /**
     * @param topicType the parsed {@code topicType}, null when absent
     * @throws ProblemException unless it is one of the catalogue's topic types (800, 2001, ...)
     */
    static void requireKnownTopic(Integer topicType, StateCatalogue catalogue) {
        if (topicType == null || !catalogue.isKnownTopic(topicType)) {
            throw ProblemException.badRequest("topicType must be one of " + catalogue.topicTypes() + ", was " + topicType);
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
            throw ProblemException.badRequest(name + " must not contain a NUL character");
        }
        return value;
    }

    /** @throws ProblemException unless {@code limit} is 1..{@value #MAX_LIMIT} */
    static void requireLimitInRange(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** @return 400 problem+json with the reason as {@code detail} */

}
