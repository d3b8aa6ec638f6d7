package io.acu.contracts.kafka;

import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.Topics;

/**
 * Reads {@link ClientStateMessageReceived} events, the values of {@link Topics#CLIENT_STATE_MESSAGES}.
 */
public final class ClientStateMessageReceivedDeserializer extends EventDeserializer<ClientStateMessageReceived> {

    /** The deserialiser SmallRye instantiates by class name. */
    public ClientStateMessageReceivedDeserializer() {
        super(ClientStateMessageReceived.class);
    }
}
