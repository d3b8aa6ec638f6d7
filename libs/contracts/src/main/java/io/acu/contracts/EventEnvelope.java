package io.acu.contracts;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every acu event travels in: identity and provenance around one payload. In JSON:
 * {@code {"eventId": "…", "type": "ManifestUpdated", "schemaVersion": 1, "occurredAt": "2013-09-09T08:56:47Z",
 * "source": "manifest-builder", "payload": {…}}}.
 *
 * <p>Delivery is at least once: consumers use {@code eventId} to make re-delivery a no-op.
 *
 * @param eventId the event's identity and idempotency key; a re-sent event keeps it
 * @param type the payload's wire name, e.g. {@code ManifestUpdated}; always equal to the payload's
 *     {@link EventPayload#typeName()}
 * @param schemaVersion the schema version of the payload; always equal to the payload's
 *     {@link EventPayload#schemaVersion()} (a record of an older version that {@link EventJson} still reads is
 *     decoded with the current version)
 * @param occurredAt when the fact the event reports happened, an instant (UTC; ISO-8601 in JSON, e.g.
 *     {@code 2013-09-09T08:56:47Z})
 * @param source the name of the service that produced the event, e.g. {@code manifest-builder}, {@code fsp}
 * @param payload the event body
 * @param <P> the payload type
 */
public record EventEnvelope<P extends EventPayload>(
        UUID eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String source,
        P payload) {

    /**
     * Checks the envelope is complete and consistent with its payload.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if {@code type} or {@code schemaVersion} disagree with the payload, or
     *     {@code source} is blank
     */
    public EventEnvelope {
        Checks.required(eventId, "eventId");
        Checks.required(type, "type");
        Checks.required(occurredAt, "occurredAt");
        Checks.text(source, "source");
        Checks.required(payload, "payload");
        if (!type.equals(payload.typeName())) {
            throw new IllegalArgumentException(
                    "type '" + type + "' does not match the payload type '" + payload.typeName() + "'");
        }
        if (schemaVersion != payload.schemaVersion()) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " does not match "
                    + payload.typeName() + " v" + payload.schemaVersion());
        }
    }

    /**
     * A new event with a random {@code eventId}, occurring now.
     *
     * @param payload the event body
     * @param source the producing service's name, e.g. {@code manifest-builder}
     * @param clock the clock giving {@code occurredAt} (inject a fixed clock in tests)
     * @param <P> the payload type
     * @return the envelope
     */
    public static <P extends EventPayload> EventEnvelope<P> of(P payload, String source, Clock clock) {
        return of(payload, source, Objects.requireNonNull(clock, "clock").instant());
    }

    /**
     * A new event with a random {@code eventId}.
     *
     * @param payload the event body
     * @param source the producing service's name, e.g. {@code manifest-builder}
     * @param occurredAt when the reported fact happened
     * @param <P> the payload type
     * @return the envelope
     */
    public static <P extends EventPayload> EventEnvelope<P> of(P payload, String source, Instant occurredAt) {
        Checks.required(payload, "payload");
        return new EventEnvelope<>(UUID.randomUUID(), payload.typeName(), payload.schemaVersion(), occurredAt,
                source, payload);
    }

    /** @return the Kafka record key to publish this event with ({@link EventPayload#recordKey()}) */
    public String key() {
        return payload.recordKey();
    }

    /** @return the topic this event belongs on ({@link EventType#topic()}) */
    public String topic() {
        return payload.eventType().topic();
    }
}
