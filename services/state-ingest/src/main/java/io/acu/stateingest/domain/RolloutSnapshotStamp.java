package io.acu.stateingest.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Which {@code RolloutStateChanged} of a package version a reader keeps. Each event is a full snapshot of the
 * rollout (status and every ring's figures), so only the latest matters: the one with the later {@code changedAt},
 * then, for changes of the same instant (rollout publishes the transitions of one step with one time), the higher
 * event ID. Re-delivery (at-least-once Kafka) and late arrival therefore never move the stored state back.
 *
 * <p>{@code changedAt} is kept to the microsecond, as PostgreSQL's {@code timestamptz} stores it, so that an event
 * compared with its own stored copy is still the same. Event IDs are ordered as PostgreSQL orders {@code uuid}
 * (unsigned, byte by byte: the canonical lower-case text's order), not as {@link UUID#compareTo} does (signed).
 *
 * @param changedAt when the change happened (the event's {@code changedAt})
 * @param eventId the event's envelope ID (its idempotency key)
 */
public record RolloutSnapshotStamp(Instant changedAt, UUID eventId) {

    /** How an arriving event stands against the stored one: a small, closed set. */
    public enum Verdict {
        /** Nothing is stored for the version yet: store it. */
        FIRST,
        /** Later than the stored one: replace it. */
        NEWER,
        /** The stored event itself, delivered again: nothing changes. */
        SAME_EVENT,
        /** Earlier than the stored one (arrived late): nothing changes. */
        OLDER;

        /** @return whether the arriving event is to be stored */
        public boolean replaces() {
            return this == FIRST || this == NEWER;
        }
    }

    /** @throws NullPointerException when a part is missing */
    public RolloutSnapshotStamp {
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(eventId, "eventId");
        changedAt = changedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * @param stored the stamp of the stored snapshot of the same package version; null when none is stored
     * @return whether this event replaces it
     */
    public Verdict against(RolloutSnapshotStamp stored) {
        if (stored == null) {
            return Verdict.FIRST;
        }
        if (eventId.equals(stored.eventId)) {
            return Verdict.SAME_EVENT;
        }
        int byTime = changedAt.compareTo(stored.changedAt);
        if (byTime != 0) {
            return byTime > 0 ? Verdict.NEWER : Verdict.OLDER;
        }
        return eventId.toString().compareTo(stored.eventId.toString()) > 0 ? Verdict.NEWER : Verdict.OLDER;
    }
}
