package io.acu.contracts.kafka;

import io.acu.contracts.EventType;
import io.acu.contracts.FspStateMessageReceived;

/**
 * Writes {@link FspStateMessageReceived} events only. SmallRye's dead-letter producer derives its serialiser from the
 * consumer's deserialiser by renaming it, so a channel read with {@link FspStateMessageReceivedDeserializer} needs
 * this class.
 */
public final class FspStateMessageReceivedSerializer extends EventSerializer {

    /** The serialiser SmallRye instantiates by class name. */
    public FspStateMessageReceivedSerializer() {
        super(EventType.FSP_STATE_MESSAGE_RECEIVED);
    }
}
