package io.acu.rollout.domain;

/**
 * A rollout plan or a value in it breaks a rule (HTTP 400, naming the field).
 *
 * <p>{@link #field()} is a JSON path into the plan as sent, e.g. {@code rings[1].percent}; the message says the
 * rule and the value, e.g. {@code rings[1].percent must be between 0 and 100, was 120}.
 */
public final class InvalidPlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the path of the offending field, e.g. {@code rings[0].gate.minSample}
     * @param message the rule broken and the value found
     */
    public InvalidPlanException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** @return the path of the offending field, e.g. {@code rings[0].name} */
    public String field() {
        return field;
    }
}
