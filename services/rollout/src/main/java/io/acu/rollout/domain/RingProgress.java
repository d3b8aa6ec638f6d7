package io.acu.rollout.domain;

import io.acu.contracts.RingState;
import java.time.Instant;

/**
 * Where one ring of a rollout stands.
 *
 * @param state the ring's state
 * @param startedAt when its clients started being offered the version; null while pending
 * @param passedAt when it passed or was promoted (either way, when the next ring could start); null before
 * @param acknowledgedFailures failures an operator accepted by resuming after a halt (see {@link Gate}); 0 otherwise
 */
public record RingProgress(RingState state, Instant startedAt, Instant passedAt, long acknowledgedFailures) {

    /** A ring not started. */
    public static final RingProgress PENDING = new RingProgress(RingState.PENDING, null, null, 0);

    /** @return whether the ring's clients are offered the version now (active, awaiting promotion, passed or promoted) */
    public boolean offers() {
        return state == RingState.ACTIVE || state == RingState.AWAITING_PROMOTION || done();
    }

    /** @return whether the ring is behind the rollout: its gate passed, or an operator promoted it ahead of its gate */
    public boolean done() {
        return state == RingState.PASSED || state == RingState.PROMOTED;
    }
}
