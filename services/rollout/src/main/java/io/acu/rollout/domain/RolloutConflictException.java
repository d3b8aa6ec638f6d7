package io.acu.rollout.domain;

/** An operator action the rollout's state does not allow now, e.g. promote while halted (HTTP 409 with the reason). */
public final class RolloutConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message why, and what to do instead, e.g. {@code the rollout is halted: resume it first} */
    public RolloutConflictException(String message) {
        super(message, null, false, false);
    }
}
