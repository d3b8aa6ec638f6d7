package io.acu.contracts.kafka;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.EventType;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serialises any acu event to UTF-8 JSON ({@link EventJson#encodeBytes}); a null event (tombstone) stays null.
 * Subclasses accept one event type only.
 */
public class EventSerializer implements Serializer<EventEnvelope<?>> {

    private final EventType accepted;

    /** A serialiser for events of every type. */
    public EventSerializer() {
        this(null);
    }

    /**
     * A serialiser for one event type.
     *
     * @param accepted the only type it writes; null for every type
     */
    protected EventSerializer(EventType accepted) {
        this.accepted = accepted;
    }

    /**
     * Writes the event.
     *
     * @param topic the topic the record goes to (used in error messages only)
     * @param event the event, or null
     * @return UTF-8 JSON, or null for a null event
     * @throws SerializationException if the event is of a type this serialiser does not accept
     */
    @Override
    public byte[] serialize(String topic, EventEnvelope<?> event) {
        if (event == null) {
            return null;
        }
        if (accepted != null && event.payload().eventType() != accepted) {
            throw new SerializationException("Cannot write a " + event.type() + " event to " + topic + " with the "
                    + accepted.typeName() + " serializer");
        }
        return EventJson.encodeBytes(event);
    }
}
