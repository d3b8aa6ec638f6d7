package io.acu.contracts;

/**
 * One ring of a rollout plan with its state and its clients' outcomes so far, as a health gate sees them (the
 * figures behind hawkBit's success and error conditions of a rollout group). Clients are counted once each; the
 * outcomes are disjoint, so {@code succeeded + failed + stalled + inProgress} is at most {@code offered}.
 *
 * @param ring the ring's name in the plan, e.g. {@code pilot}, {@code wave-1}
 * @param state the ring's state
 * @param offered clients of the ring offered the version (they received the client policy naming it)
 * @param succeeded offered clients that reported success at the target version (e.g. state 400 of topic type 800
 *     with the new client version)
 * @param failed offered clients that reported a failure the gate counts (e.g. state 4 of topic type 2001, a
 *     ccmsetup exit code)
 * @param stalled offered clients granted a download that have been silent past the grant's expiry
 * @param inProgress offered clients with no final state yet, not stalled
 */
public record RingFigures(
        String ring,
        RingState state,
        long offered,
        long succeeded,
        long failed,
        long stalled,
        long inProgress) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if the ring or state is null
     * @throws IllegalArgumentException if the ring's name is blank or a count is negative
     */
    public RingFigures {
        Checks.text(ring, "ring");
        Checks.required(state, "state");
        Checks.notNegative(offered, "offered");
        Checks.notNegative(succeeded, "succeeded");
        Checks.notNegative(failed, "failed");
        Checks.notNegative(stalled, "stalled");
        Checks.notNegative(inProgress, "inProgress");
    }
}
