package io.acu.contracts;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rollout of a package version changed: a ring started, passed or awaits promotion, a health gate halted it, an
 * operator paused, resumed, promoted or revoked it, or it completed. acu's rollout extends ConfigMgr's
 * pre-production client (a pilot collection, then "Promote Pre-production Client") to a plan of rings, each passing
 * on a health gate like a hawkBit rollout group's success and error conditions. Published by rollout to
 * {@code acu.rollout.changed} on every change, keyed by package ID; state-ingest keeps the latest per version for
 * dashboards, operators watch it. Each event is a full snapshot (status and every ring's figures), so a reader
 * needs only the latest one.
 *
 * @param packageId the ConfigMgr package ID (3-character site code and 5 hex digits), e.g. {@code CAS00006}
 * @param packageVersion the package version being rolled out, 1 or more
 * @param change what happened
 * @param ring the ring the change is about, e.g. {@code pilot}; one of {@code rings}; required for
 *     {@code RING_STARTED}, {@code RING_PASSED}, {@code AWAITING_PROMOTION} and {@code PROMOTED}; null for
 *     rollout-wide changes such as {@code REVOKED}
 * @param status the rollout's status after the change
 * @param rings every ring of the plan, in plan order (pilot first), with its state and figures; at least one, names
 *     unique
 * @param topErrorCodes the most frequent failure codes of the rollout's clients, most clients first; empty when
 *     none failed
 * @param reason why, e.g. {@code failure share 7.0% over the 5.0% threshold (14 of 200)} for a halt, or an
 *     operator's note; null when none is given
 * @param actor who made the change: an operator's name, or {@code rollout} for automatic changes (gates, content
 *     arriving); null when unknown
 * @param changedAt when the change happened, an instant (UTC; ISO-8601 in JSON)
 */
public record RolloutStateChanged(
        String packageId,
        int packageVersion,
        RolloutChange change,
        @Nullable String ring,
        RolloutStatus status,
        List<RingFigures> rings,
        List<ErrorCodeCount> topErrorCodes,
        @Nullable String reason,
        @Nullable String actor,
        Instant changedAt) implements EventPayload {

    /** The {@code actor} of changes rollout makes on its own (gates, content arriving, completion). */
    public static final String AUTOMATIC_ACTOR = "rollout";

    /**
     * Checks and copies the fields.
     *
     * @throws NullPointerException if a required field or a list element is null
     * @throws IllegalArgumentException if the package ID is malformed, the version is not positive, there are no
     *     rings, two rings share a name, the ring is blank, is not one of the rings or is missing for a ring change
     */
    public RolloutStateChanged {
        Checks.packageId(packageId, "packageId");
        Checks.positive(packageVersion, "packageVersion");
        Checks.required(change, "change");
        Checks.required(status, "status");
        rings = Checks.nonEmptyList(rings, "rings");
        topErrorCodes = Checks.list(topErrorCodes, "topErrorCodes");
        Checks.required(changedAt, "changedAt");
        Set<String> names = new HashSet<>();
        for (RingFigures figures : rings) {
            if (!names.add(figures.ring())) {
                throw new IllegalArgumentException("rings name '" + figures.ring() + "' twice");
            }
        }
        if (ring == null) {
            if (change.aboutARing()) {
                throw new IllegalArgumentException("ring is required for a " + change + " change");
            }
        } else if (!names.contains(Checks.text(ring, "ring"))) {
            throw new IllegalArgumentException("ring '" + ring + "' is not one of the rings " + names);
        }
    }

    /** @return {@link EventType#ROLLOUT_STATE_CHANGED} */
    @Override
    public EventType eventType() {
        return EventType.ROLLOUT_STATE_CHANGED;
    }

    /** @return the package ID, e.g. {@code CAS00006} */
    @Override
    public String recordKey() {
        return packageId;
    }
}
