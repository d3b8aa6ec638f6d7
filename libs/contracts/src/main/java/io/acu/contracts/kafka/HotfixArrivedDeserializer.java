package io.acu.contracts.kafka;

import io.acu.contracts.HotfixArrived;
import io.acu.contracts.Topics;

/**
 * Reads {@link HotfixArrived} events, the values of {@link Topics#HOTFIX_ARRIVED}.
 */
public final class HotfixArrivedDeserializer extends EventDeserializer<HotfixArrived> {

    /** The deserialiser SmallRye instantiates by class name. */
    public HotfixArrivedDeserializer() {
        super(HotfixArrived.class);
    }
}
