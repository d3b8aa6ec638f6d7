package io.acu.contracts;

/**
 * The body of an acu event: one of the six payload records. Implementations are immutable records whose
 * record components are exactly their JSON properties; the methods below are derived, never serialised.
 */
public sealed interface EventPayload
        permits HotfixArrived, ManifestUpdated, ContentDistributionStatusChanged, FspStateMessageReceived,
        ClientStateMessageReceived, RolloutStateChanged {

    /** @return the kind of event this payload belongs to (wire name, schema version, topic) */
    EventType eventType();

    /**
     * The Kafka record key this event is published with (see {@link Topics} for the key of each topic).
     *
     * @return the key, never null, e.g. {@code CAS00006} or {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}
     */
    String recordKey();

    /** @return the wire name written to the envelope's {@code type}, e.g. {@code ManifestUpdated} */
    default String typeName() {
        return eventType().typeName();
    }

    /** @return the schema version written to the envelope's {@code schemaVersion} ({@link EventType#schemaVersion()}) */
    default int schemaVersion() {
        return eventType().schemaVersion();
    }
}
