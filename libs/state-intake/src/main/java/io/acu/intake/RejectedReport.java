package io.acu.intake;

/**
 * A state-message report the intake refuses, with a reason that can be returned to the sender as is (it never
 * echoes more than a short excerpt of the input). Nothing of a refused report is published.
 */
public final class RejectedReport extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a report was refused, with the HTTP status the intake answers (RFC 9110). */
    public enum Reason {
        /** Not well-formed XML or JSON, a DOCTYPE/entity (XXE, billion laughs), or a missing or unreadable field: 400. */
        MALFORMED(400),
        /** Well-formed but not acceptable: unknown topic type, blank client ID: 422. */
        INVALID(422),
        /** The body is larger than the intake's cap: 413. */
        TOO_LARGE(413),
        /** Neither XML nor JSON: 415. */
        UNSUPPORTED_MEDIA_TYPE(415);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** @return the HTTP status code to answer with, e.g. 422 */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;

    /**
     * @param reason the kind of refusal
     * @param detail the human-readable reason, e.g. {@code StateMessage 2: unknown topic type 999}
     */
    public RejectedReport(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /**
     * @param reason the kind of refusal
     * @param detail the human-readable reason
     * @param cause the parser or value error behind it
     */
    public RejectedReport(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    /** @return the kind of refusal */
    public Reason reason() {
        return reason;
    }
}
