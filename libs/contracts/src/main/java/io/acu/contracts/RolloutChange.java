package io.acu.contracts;

/**
 * What happened to a rollout, the reason a {@link RolloutStateChanged} was published. Ring changes name their ring
 * in {@link RolloutStateChanged#ring()} ({@link #aboutARing()}); the others may. In JSON the constant's name, e.g.
 * {@code "RING_PASSED"}.
 */
public enum RolloutChange {

    /** The rollout of a version was created (by a new {@link ManifestUpdated} version or an operator). */
    STARTED,
    /** A ring started: its clients are offered the version. */
    RING_STARTED,
    /** A ring's gate passed and the next ring (if any) may start. */
    RING_PASSED,
    /** A ring's gate passed and the plan waits for an operator to promote it (ConfigMgr's promote). */
    AWAITING_PROMOTION,
    /** An operator promoted a ring that was awaiting promotion. */
    PROMOTED,
    /** A health gate tripped and halted the rollout (the ring is the one whose gate tripped). */
    HALTED,
    /** An operator paused the rollout. */
    PAUSED,
    /** An operator resumed a paused or halted rollout. */
    RESUMED,
    /** An operator withdrew the version; the previous version is offered again. */
    REVOKED,
    /** The last ring passed: the rollout is complete. */
    COMPLETED;

    /**
     * @return whether a change of this kind is about one ring and must name it: {@link #RING_STARTED},
     *     {@link #RING_PASSED}, {@link #AWAITING_PROMOTION}, {@link #PROMOTED}
     */
    public boolean aboutARing() {
        return switch (this) {
            case RING_STARTED, RING_PASSED, AWAITING_PROMOTION, PROMOTED -> true;
            default -> false;
        };
    }
}
