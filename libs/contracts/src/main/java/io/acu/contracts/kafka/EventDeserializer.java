package io.acu.contracts.kafka;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.EventPayload;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserialises UTF-8 JSON into an event of one payload type ({@link EventJson#decode(byte[], Class)}); a null
 * value (tombstone) gives null. Use the concrete subclass of the topic, e.g. {@link ManifestUpdatedDeserializer}.
 *
 * @param <P> the payload type
 */
public abstract class EventDeserializer<P extends EventPayload> implements Deserializer<EventEnvelope<P>> {

    private final Class<P> payloadType;

    /**
     * A deserialiser for one payload type.
     *
     * @param payloadType the payload class the records must carry
     */
    protected EventDeserializer(Class<P> payloadType) {
        this.payloadType = payloadType;
    }

    /**
     * Reads one record value.
     *
     * @param topic the topic the record came from (named in error messages)
     * @param data the record value, or null
     * @return the event, or null for a null value
     * @throws SerializationException on malformed JSON, a wrong or unknown {@code type}, an unsupported
     *     {@code schemaVersion}, or missing/invalid fields; the message names the topic and the failed check
     */
    @Override
    public EventEnvelope<P> deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.decode(data, payloadType);
        } catch (SerializationException e) {
            throw new SerializationException("Cannot read a record from " + topic + ": " + e.getMessage(), e);
        }
    }
}
