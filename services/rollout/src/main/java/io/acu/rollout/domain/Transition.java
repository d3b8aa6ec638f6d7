package io.acu.rollout.domain;

import io.acu.contracts.RolloutChange;

/**
 * One change a rollout went through, as it is recorded and published ({@code RolloutStateChanged}).
 *
 * @param change what happened
 * @param ring the ring it is about; null for rollout-wide changes (paused, revoked, …)
 * @param reason why, with the figures or the operator's note; never null
 * @param actor who: an operator's name, or {@link Rollout#AUTOMATIC} for the gate's own decisions
 */
public record Transition(RolloutChange change, String ring, String reason, String actor) {
}
