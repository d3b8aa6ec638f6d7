package io.acu.rollout.rest;

import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.problem.ProblemException;
import io.acu.rollout.domain.ClientIds;

/** Path and query values checked once for every resource (400 with the reason otherwise). */
final class Ids {

    private Ids() {
    }

    /** @return the package ID upper-case; @throws ProblemException for a malformed one */
    static String packageId(String text) {
        try {
            return PackageId.parse(text == null ? "" : text.strip()).toString();
        } catch (InvalidValueException e) {
            throw ProblemException.badRequest("packageId: " + e.getMessage());
        }
    }

    /**
     * @return a package version path segment as a number, e.g. {@code 5}; @throws ProblemException unless a
     *     whole number from 1 to 2,147,483,647 (a path that is not a number is a 400 with the reason, not a 404)
     */
    static int packageVersion(String text) {
        try {
            int version = Integer.parseInt(text == null ? "" : text.strip());
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // the reason below
        }
        throw ProblemException.badRequest("version must be a package version number (1, 2, ...), was '"
                + (text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }

    /** @return the client ID upper-case; @throws ProblemException for a missing or malformed one */
    static String clientId(String text) {
        try {
            return ClientIds.require(text, "clientId");
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    /** @return a distribution point name as sent, trimmed; @throws ProblemException when blank, too long or with control characters */
    static String distributionPoint(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("distributionPoint is required");
        }
        if (text.length() > 128 || text.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("distributionPoint must be at most 128 characters without control characters");
        }
        return text.strip();
    }

    /** @return a boundary group as compared (trimmed, upper-case), or null; @throws ProblemException when too long */
    static String boundaryGroup(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > 64) {
            throw ProblemException.badRequest("boundaryGroup is longer than 64 characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("boundaryGroup contains a control character");
        }
        return text.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
