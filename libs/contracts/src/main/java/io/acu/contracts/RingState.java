package io.acu.contracts;

/**
 * Where one ring of a rollout plan stands ({@link RingFigures#state()}), like the status of a hawkBit rollout
 * group. In JSON the constant's name, e.g. {@code "ACTIVE"}.
 */
public enum RingState {

    /** Not started: an earlier ring has not passed yet, or the ring's distribution points lack the content. */
    PENDING,
    /** Its clients are offered the version; its health gate is evaluated as outcomes arrive. */
    ACTIVE,
    /**
     * Its gate passed but the plan asks for a manual promote (as ConfigMgr's pre-production client waits for
     * "Promote Pre-production Client"); the next ring starts when an operator promotes.
     */
    AWAITING_PROMOTION,
    /** Its gate passed (success share, minimum sample and soak time reached; failures under the threshold). */
    PASSED,
    /**
     * An operator promoted it while its gate had not passed (ConfigMgr's "Promote Pre-production Client" ahead of
     * the health checks): the next ring starts as after {@link #PASSED}, but no gate vouched for it. A ring whose gate
     * passed and that waited for the promote ({@link #AWAITING_PROMOTION}) becomes {@link #PASSED}.
     */
    PROMOTED,
    /** Its failures crossed the gate's threshold, which halted the whole rollout. */
    HALTED,
    /**
     * The version was revoked before the ring passed: it was pending, active or awaiting promotion, and it will never
     * start or pass. Rings that had passed or been promoted keep that state (their clients got the version), and a
     * halted ring stays halted (it shows where the rollout stopped).
     */
    REVOKED
}
