package io.acu.rollout.domain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a ring passes and when it halts the rollout, as hawkBit's rollout group success and error conditions and
 * Windows Update for Business' monitoring rules: a ring passes when, of its clients offered the version, at least
 * {@code successPercent} reported success, the failures stay below {@code failurePercent} of the clients that
 * reported, at least {@code minSample} clients reported, and {@code soak} has passed since the ring's first success.
 * It halts the whole rollout when failures exceed {@code failurePercent} with the minimum sample.
 *
 * @param successPercent share of offered clients that must report success, 0..100 (e.g. 95.0)
 * @param failurePercent failures per reported client above which the rollout halts, 0..100 (e.g. 5.0)
 * @param minSample clients that must have reported (success or failure) before either decision, 1 or more
 * @param soak time that must pass after the ring's first success before it can pass, zero or more
 * @param stalledCountAsFailure whether a client granted a download and silent past the grant's expiry counts as a
 *     failure (and as reported)
 * @param ignoredErrorCodes error codes an operator knows to be benign, e.g. {@code 0x80070BC2} (reboot pending);
 *     a failure with one of them counts neither as failure nor as reported; hex, upper-case after the {@code 0x},
 *     distinct and sorted
 */
public record GateCriteria(double successPercent, double failurePercent, int minSample, Duration soak,
        boolean stalledCountAsFailure, List<String> ignoredErrorCodes) {

    /** Longest soak time: a quarter year (longer would hold a ring for good; past Instant's range it would overflow). */
    public static final java.time.Duration MAX_SOAK = java.time.Duration.ofDays(90);

    /** Most error codes one allow list may hold. */
    public static final int MAX_IGNORED_ERROR_CODES = 100;

    /** The default gate: 90 % success, halt above 10 % failures, 5 clients reported, no soak, stalls count. */
    public static final GateCriteria DEFAULT = new GateCriteria(90.0, 10.0, 5, Duration.ZERO, true, List.of());

    /**
     * Checks the criteria; {@code path} prefixes the field names in errors.
     *
     * @throws InvalidPlanException naming the field when a percentage is outside 0..100 or not a number, the sample
     *     is below 1, the soak negative or missing, or an error code is not {@code 0x} and 1 to 8 hex digits
     */
    public GateCriteria validated(String path) {
        percent(successPercent, path + ".successPercent");
        percent(failurePercent, path + ".failurePercent");
        if (minSample < 1) {
            throw new InvalidPlanException(path + ".minSample", path + ".minSample must be at least 1, was " + minSample);
        }
        if (soak == null || soak.isNegative() || soak.compareTo(MAX_SOAK) > 0) {
            throw new InvalidPlanException(path + ".soak", path + ".soak must be a duration from zero to " + MAX_SOAK.toDays()
                    + " days (e.g. PT1H), was " + soak);
        }
        if (ignoredErrorCodes == null) {
            throw new InvalidPlanException(path + ".ignoredErrorCodes", path + ".ignoredErrorCodes is required ([] for none)");
        }
        if (ignoredErrorCodes.size() > MAX_IGNORED_ERROR_CODES) {
            throw new InvalidPlanException(path + ".ignoredErrorCodes", path + ".ignoredErrorCodes holds " + ignoredErrorCodes.size()
                    + " codes, at most " + MAX_IGNORED_ERROR_CODES);
        }
        Set<String> codes = new TreeSet<>();
        for (int i = 0; i < ignoredErrorCodes.size(); i++) {
            codes.add(errorCode(ignoredErrorCodes.get(i), path + ".ignoredErrorCodes[" + i + "]"));
        }
        return new GateCriteria(successPercent, failurePercent, minSample, soak, stalledCountAsFailure, List.copyOf(codes));
    }

    /** @return whether a failure with this error code is one the operator excluded (case-insensitive; null is never) */
    public boolean ignores(String errorCode) {
        return errorCode != null && ignoredErrorCodes.contains(canonicalErrorCode(errorCode));
    }

    /**
     * An error code in the form clients send it compared on: {@code 0x} and upper-case hex, leading zeros kept as
     * sent ({@code 0x80070643}).
     */
    public static String canonicalErrorCode(String code) {
        String trimmed = code.strip();
        return trimmed.length() > 2 ? "0x" + trimmed.substring(2).toUpperCase(Locale.ROOT) : trimmed;
    }

    private static String errorCode(String code, String field) {
        if (code == null || !code.strip().matches("0[xX][0-9A-Fa-f]{1,8}")) {
            throw new InvalidPlanException(field, field + " must be 0x and 1 to 8 hex digits (e.g. 0x80070643), was "
                    + (code == null ? "null" : "'" + shown(code) + "'"));
        }
        return canonicalErrorCode(code);
    }

    private static void percent(double value, String field) {
        if (Double.isNaN(value) || value < 0 || value > 100) {
            throw new InvalidPlanException(field, field + " must be between 0 and 100, was " + value);
        }
    }

    static String shown(String text) {
        String cut = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
