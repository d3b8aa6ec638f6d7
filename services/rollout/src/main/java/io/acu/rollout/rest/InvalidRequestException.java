package io.acu.rollout.rest;

/** A request parameter or body rollout cannot use (HTTP 400 with the reason). */
public final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what is expected, e.g. {@code note is longer than 1000 characters} */
    public InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
