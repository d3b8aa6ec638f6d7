package io.acu.stateingest.domain;

import io.acu.contracts.ReportedStateMessage;
import io.acu.formats.Version;
import io.acu.formats.catalogue.StateCatalogue;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One state message as state-ingest stores it: the event's identity and provenance, the reported message, and the
 * component version it reports.
 *
 * @param eventId the envelope's event ID (idempotency key)
 * @param sourceTopic the topic it came from, {@code acu.fsp.messages} or {@code acu.client.state-messages}
 * @param message the message as the intake validated it
 * @param receivedAt when the intake accepted it
 * @param remoteAddress the sender's IP address
 * @param reportedVersion see {@link #reportedVersion(ReportedStateMessage)}; null when none
 */
public record StateMessageRecord(UUID eventId, String sourceTopic, ReportedStateMessage message, Instant receivedAt,
        String remoteAddress, String reportedVersion) {

    /** @throws NullPointerException for a missing part */
    public StateMessageRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    /**
     * The record of an event, validated for storage.
     *
     * @throws IllegalArgumentException when the topic type is not in the catalogue, or receivedAt lies outside years 1
     *     to 9999 (the PostgreSQL driver would silently store a time beyond PostgreSQL's range as infinity; MessageTime's
     *     range is the contract's own, so a decoded message is always inside it)
     */
    public static StateMessageRecord of(UUID eventId, String sourceTopic, ReportedStateMessage message, Instant receivedAt,
            String remoteAddress, StateCatalogue catalogue) {
        if (!catalogue.isKnownTopic(message.topicType())) {
            throw new IllegalArgumentException("unknown topic type " + message.topicType() + " (known: " + catalogue.topicTypes() + ")");
        }
        checkTime(receivedAt, "receivedAt");
        return new StateMessageRecord(eventId, sourceTopic, message, receivedAt, remoteAddress, reportedVersion(message));
    }

    /** The earliest time stored, the contract's earliest MessageTime. */
    public static final Instant EARLIEST_TIME = ReportedStateMessage.EARLIEST_MESSAGE_TIME;
    /** The latest time stored. */
    public static final Instant LATEST_TIME = ReportedStateMessage.LATEST_MESSAGE_TIME;

    private static void checkTime(Instant time, String field) {
        if (time != null && (time.isBefore(EARLIEST_TIME) || time.isAfter(LATEST_TIME))) {
            throw new IllegalArgumentException(field + " " + time + " is outside " + EARLIEST_TIME + " .. " + LATEST_TIME);
        }
    }

    /**
     * The component version a message reports: the first user parameter of client deployment (800: the client
     * version ccmsetup installed, e.g. {@code 5.0.7804.1000}) and Endpoint Protection deployment (2001: the agent
     * version, e.g. {@code 4.3.215.0}) messages, when it is a version; null otherwise.
     */
    public static String reportedVersion(ReportedStateMessage message) {
        Version version = StateCatalogue.reportedVersion(message.topicType(), message.userParameters());
        return version == null ? null : version.toString();
    }
}
