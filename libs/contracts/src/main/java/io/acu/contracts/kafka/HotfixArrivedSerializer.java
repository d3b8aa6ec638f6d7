package io.acu.contracts.kafka;

import io.acu.contracts.EventType;
import io.acu.contracts.HotfixArrived;

/**
 * Writes {@link HotfixArrived} events only. SmallRye's dead-letter producer derives its serialiser from the consumer's
 * deserialiser by renaming it, so a channel read with {@link HotfixArrivedDeserializer} needs this class.
 */
public final class HotfixArrivedSerializer extends EventSerializer {

    /** The serialiser SmallRye instantiates by class name. */
    public HotfixArrivedSerializer() {
        super(EventType.HOTFIX_ARRIVED);
    }
}
