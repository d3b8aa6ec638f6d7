package io.acu.contracts.kafka;

import io.acu.contracts.RolloutStateChanged;
import io.acu.contracts.Topics;

/**
 * Reads {@link RolloutStateChanged} events, the values of {@link Topics#ROLLOUT_CHANGED}.
 */
public final class RolloutStateChangedDeserializer extends EventDeserializer<RolloutStateChanged> {

    /** The deserialiser SmallRye instantiates by class name. */
    public RolloutStateChangedDeserializer() {
        super(RolloutStateChanged.class);
    }
}
