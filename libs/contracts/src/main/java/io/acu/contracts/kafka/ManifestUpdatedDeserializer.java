package io.acu.contracts.kafka;

import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;

/**
 * Reads {@link ManifestUpdated} events, the values of {@link Topics#MANIFEST_UPDATED}.
 */
public final class ManifestUpdatedDeserializer extends EventDeserializer<ManifestUpdated> {

    /** The deserialiser SmallRye instantiates by class name. */
    public ManifestUpdatedDeserializer() {
        super(ManifestUpdated.class);
    }
}
