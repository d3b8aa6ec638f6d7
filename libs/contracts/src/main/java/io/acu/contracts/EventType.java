package io.acu.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * The six kinds of event: wire name (the envelope's {@code type}), payload class, current schema version and
 * topic. The single place a schema version is bumped (see the package documentation for when).
 */
public enum EventType {

    /** {@link HotfixArrived} on {@link Topics#HOTFIX_ARRIVED}. */
    HOTFIX_ARRIVED("HotfixArrived", HotfixArrived.class, 1, Topics.HOTFIX_ARRIVED),

    /**
     * {@link ManifestUpdated} on {@link Topics#MANIFEST_UPDATED}. v2 no longer carries {@code clientUpgradePolicy}
     * (rollout owns the settings); v1 records are still read ({@link EventJson}).
     */
    MANIFEST_UPDATED("ManifestUpdated", ManifestUpdated.class, 2, Topics.MANIFEST_UPDATED),

    /** {@link ContentDistributionStatusChanged} on {@link Topics#CONTENT_DISTRIBUTION}. */
    CONTENT_DISTRIBUTION_STATUS_CHANGED("ContentDistributionStatusChanged", ContentDistributionStatusChanged.class, 1,
            Topics.CONTENT_DISTRIBUTION),

    /** {@link FspStateMessageReceived} on {@link Topics#FSP_MESSAGES}. */
    FSP_STATE_MESSAGE_RECEIVED("FspStateMessageReceived", FspStateMessageReceived.class, 1, Topics.FSP_MESSAGES),

    /** {@link ClientStateMessageReceived} on {@link Topics#CLIENT_STATE_MESSAGES}. */
    CLIENT_STATE_MESSAGE_RECEIVED("ClientStateMessageReceived", ClientStateMessageReceived.class, 1,
            Topics.CLIENT_STATE_MESSAGES),

    /** {@link RolloutStateChanged} on {@link Topics#ROLLOUT_CHANGED}. */
    ROLLOUT_STATE_CHANGED("RolloutStateChanged", RolloutStateChanged.class, 1, Topics.ROLLOUT_CHANGED);

    private final String typeName;
    private final Class<? extends EventPayload> payloadType;
    private final int schemaVersion;
    private final String topic;

    EventType(String typeName, Class<? extends EventPayload> payloadType, int schemaVersion, String topic) {
        this.typeName = typeName;
        this.payloadType = payloadType;
        this.schemaVersion = schemaVersion;
        this.topic = topic;
    }

    /** @return the wire name carried in the envelope's {@code type}, e.g. {@code ManifestUpdated} */
    public String typeName() {
        return typeName;
    }

    /** @return the payload record class, e.g. {@code ManifestUpdated.class} */
    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }

    /**
     * @return the schema version this build writes and reads: 2 for ManifestUpdated, 1 for the others (older
     *     versions {@link EventJson} still reads are read as this one)
     */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** @return the topic these events are published to, e.g. {@code acu.manifest.updated} */
    public String topic() {
        return topic;
    }

    /**
     * Looks a wire name up.
     *
     * @param typeName the envelope's {@code type}, e.g. {@code ManifestUpdated}; case-sensitive; may be null
     * @return the event type, or empty for an unknown (or null) name
     */
    public static Optional<EventType> forTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
    }

    /**
     * The event type of a payload class.
     *
     * @param payloadType one of the six payload record classes
     * @return its event type
     * @throws IllegalArgumentException for any other class (cannot happen for a class of the sealed
     *     {@link EventPayload} hierarchy)
     */
    public static EventType of(Class<? extends EventPayload> payloadType) {
        return Arrays.stream(values()).filter(t -> t.payloadType == payloadType).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not an acu event payload: " + payloadType));
    }
}
