package io.acu.intake;

import io.acu.problem.Problem;

/**
 * The HTTP answer of an intake to one POSTed report: 202 without a body, or an RFC 9457 {@link Problem}.
 *
 * @param status the HTTP status: 202, or 400, 401, 403, 413, 415, 422, 429, 503
 * @param detail why, in plain words; empty for 202
 * @param retryAfterSeconds the Retry-After delay in whole seconds (RFC 9110 section 10.2.3) for 429 and 503; 0 for none
 */
public record IntakeReply(int status, String detail, long retryAfterSeconds) {

    /** Every message of the report is on Kafka. */
    public static final IntakeReply ACCEPTED = new IntakeReply(202, "", 0);

    /** @return whether this reply is a problem (status 400 or more) */
    public boolean isProblem() {
        return status >= 400;
    }

    /**
     * @return the refusal as a problem document
     * @throws IllegalStateException for 202, which has none
     */
    public Problem problem() {
        if (!isProblem()) {
            throw new IllegalStateException("a " + status + " reply is not a problem");
        }
        return Problem.of(status, detail).retryAfter(retryAfterSeconds);
    }
}
