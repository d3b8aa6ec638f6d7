package io.acu.contracts;

/**
 * Where the rollout of one package version stands as a whole, as {@link RolloutStateChanged} reports it. acu's
 * rollout goes beyond ConfigMgr's pre-production client collection (one pilot, then a manual promote to all
 * clients): the version is offered ring by ring, like a hawkBit rollout's groups, each with its own success and
 * error conditions. In JSON the constant's name, e.g. {@code "RUNNING"}.
 */
public enum RolloutStatus {

    /**
     * No ring may start until the version is INSTALLED on the distribution points (a ring starts only when its
     * distribution points hold the content).
     */
    WAITING_FOR_CONTENT,
    /** Rings are being offered the version; clients of the active ring receive the new client policy. */
    RUNNING,
    /** An operator paused the rollout: no new offers; clients already offered the version may still install it. */
    PAUSED,
    /**
     * A health gate tripped (the failure share crossed its threshold, like hawkBit's error condition): no new
     * offers in any ring until an operator resumes or revokes.
     */
    HALTED,
    /** The version is withdrawn: offers stop and the client policy offers the previous version again. */
    REVOKED,
    /** Every ring passed its gate; the version is offered to all clients of the plan. */
    COMPLETED
}
