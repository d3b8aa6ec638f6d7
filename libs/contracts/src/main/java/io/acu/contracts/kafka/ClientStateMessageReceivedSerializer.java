package io.acu.contracts.kafka;

import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.EventType;

/**
 * Writes {@link ClientStateMessageReceived} events only. SmallRye's dead-letter producer derives its serialiser from
 * the consumer's deserialiser by renaming it, so a channel read with {@link ClientStateMessageReceivedDeserializer}
 * needs this class.
 */
public final class ClientStateMessageReceivedSerializer extends EventSerializer {

    /** The serialiser SmallRye instantiates by class name. */
    public ClientStateMessageReceivedSerializer() {
        super(EventType.CLIENT_STATE_MESSAGE_RECEIVED);
    }
}
