package io.acu.rollout.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * The latest state a client reported for one topic type, as the gate needs it.
 *
 * @param stateId e.g. 400 for 800, 3 or 4 for 2001
 * @param messageTime the client's MessageTime (UTC)
 * @param serialNumber the message's SerialNumber; null for fallback status point messages
 * @param eventId the event that carried it (the idempotency key)
 * @param reportedVersion the version it reports (first user parameter of 800 and 2001), as written; null when none
 * @param errorCode the error code it carries, e.g. {@code 0x80070643}; null when none
 */
public record ReportedState(int stateId, Instant messageTime, Long serialNumber, UUID eventId, String reportedVersion, String errorCode) {

    /**
     * Order of a client's states of one topic: later MessageTime, then higher SerialNumber, then higher event ID, as
     * state-ingest orders a client's current state, so arrival order never matters and re-delivery changes nothing.
     * Event IDs compare as unsigned 128-bit numbers, as PostgreSQL orders {@code uuid} (state-ingest's
     * {@code event_id DESC}); {@link UUID#compareTo} compares signed halves and would pick the other state of a tie.
     */
    public static final Comparator<ReportedState> ORDER = Comparator.comparing(ReportedState::messageTime)
            .thenComparing(s -> s.serialNumber() == null ? -1L : s.serialNumber())
            .thenComparing(ReportedState::eventId, ReportedState::compareUnsigned);

    /** @throws NullPointerException for a missing time or event ID */
    public ReportedState {
        Objects.requireNonNull(messageTime, "messageTime");
        Objects.requireNonNull(eventId, "eventId");
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** @return the later of {@code current} (may be null) and {@code candidate} by {@link #ORDER} */
    public static ReportedState latest(ReportedState current, ReportedState candidate) {
        return current == null || ORDER.compare(candidate, current) > 0 ? candidate : current;
    }
}
