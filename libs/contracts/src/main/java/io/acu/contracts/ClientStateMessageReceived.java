package io.acu.contracts;

import java.time.Instant;

/**
 * A state message arrived at the state-message intake, acu's management point relay: a managed client's state
 * messages, e.g. the Endpoint Protection agent's topic type 2001 (state 3 managed, 4 installation failed). Published
 * by state-ingest's intake to {@code acu.client.state-messages}, keyed by client ID; consumed by state-ingest.
 *
 * @param message the state message
 * @param receivedAt when the intake accepted the HTTP request, an instant (UTC; ISO-8601 in JSON)
 * @param remoteAddress the IP address of the HTTP peer as text, e.g. {@code 192.0.2.10} or {@code 2001:db8::10}
 */
public record ClientStateMessageReceived(
        ReportedStateMessage message,
        Instant receivedAt,
        String remoteAddress) implements EventPayload {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public ClientStateMessageReceived {
        Checks.required(message, "message");
        Checks.required(receivedAt, "receivedAt");
        Checks.required(remoteAddress, "remoteAddress");
    }

    /** @return {@link EventType#CLIENT_STATE_MESSAGE_RECEIVED} */
    @Override
    public EventType eventType() {
        return EventType.CLIENT_STATE_MESSAGE_RECEIVED;
    }

    /** @return the client ID of the message */
    @Override
    public String recordKey() {
        return message.clientId();
    }
}
