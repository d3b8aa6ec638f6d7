package io.acu.contracts.kafka;

import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.Topics;

/**
 * Reads {@link FspStateMessageReceived} events, the values of {@link Topics#FSP_MESSAGES}.
 */
public final class FspStateMessageReceivedDeserializer extends EventDeserializer<FspStateMessageReceived> {

    /** The deserialiser SmallRye instantiates by class name. */
    public FspStateMessageReceivedDeserializer() {
        super(FspStateMessageReceived.class);
    }
}
