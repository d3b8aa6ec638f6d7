package io.acu.contracts;

import java.time.Instant;

/**
 * A state message arrived at the fallback status point: ccmsetup's client deployment messages (topic type 800,
 * e.g. state 400 deployment succeeded, 309 BITS download failed, 325 prerequisite hash mismatch) from clients that
 * may not reach a management point. Published by fsp to {@code acu.fsp.messages} once Kafka has it, keyed by
 * client ID; consumed by state-ingest.
 *
 * @param message the state message
 * @param receivedAt when fsp accepted the HTTP request, an instant (UTC; ISO-8601 in JSON)
 * @param remoteAddress the IP address of the HTTP peer as text, e.g. {@code 192.0.2.10} or {@code 2001:db8::10}
 */
public record FspStateMessageReceived(
        ReportedStateMessage message,
        Instant receivedAt,
        String remoteAddress) implements EventPayload {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public FspStateMessageReceived {
        Checks.required(message, "message");
        Checks.required(receivedAt, "receivedAt");
        Checks.required(remoteAddress, "remoteAddress");
    }

    /** @return {@link EventType#FSP_STATE_MESSAGE_RECEIVED} */
    @Override
    public EventType eventType() {
        return EventType.FSP_STATE_MESSAGE_RECEIVED;
    }

    /** @return the client ID of the message */
    @Override
    public String recordKey() {
        return message.clientId();
    }
}
