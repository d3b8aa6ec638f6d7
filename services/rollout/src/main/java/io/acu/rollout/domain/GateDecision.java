package io.acu.rollout.domain;

/**
 * What a ring's gate says now: {@link Pass}, {@link Wait} (not enough evidence or soak time yet) or {@link Halt} (too
 * many failures: the whole rollout stops offering). Each carries the figures it was decided on, in words, so the
 * status API and the events can explain the rollout.
 */
public sealed interface GateDecision {

    /** @return why, with the figures, e.g. {@code 12 of 40 reported clients failed (30.0 %, threshold 10.0 %)} */
    String reason();

    /** The ring passed: the next ring may start. @param reason the figures */
    record Pass(String reason) implements GateDecision {
    }

    /** Not decided yet. @param reason what is missing */
    record Wait(String reason) implements GateDecision {
    }

    /** Failures crossed the threshold. @param reason the figures */
    record Halt(String reason) implements GateDecision {
    }
}
