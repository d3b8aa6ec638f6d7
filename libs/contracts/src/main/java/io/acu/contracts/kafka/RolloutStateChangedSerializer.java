package io.acu.contracts.kafka;

import io.acu.contracts.EventType;
import io.acu.contracts.RolloutStateChanged;

/**
 * Writes {@link RolloutStateChanged} events only. SmallRye's dead-letter producer derives its serialiser from the
 * consumer's deserialiser by renaming it, so a channel read with {@link RolloutStateChangedDeserializer} needs this
 * class.
 */
public final class RolloutStateChangedSerializer extends EventSerializer {

    /** The serialiser SmallRye instantiates by class name. */
    public RolloutStateChangedSerializer() {
        super(EventType.ROLLOUT_STATE_CHANGED);
    }
}
