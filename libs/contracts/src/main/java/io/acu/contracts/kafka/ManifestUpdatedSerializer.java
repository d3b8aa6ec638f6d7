package io.acu.contracts.kafka;

import io.acu.contracts.EventType;
import io.acu.contracts.ManifestUpdated;

/**
 * Writes {@link ManifestUpdated} events only. SmallRye's dead-letter producer derives its serialiser from the
 * consumer's deserialiser by renaming it, so a channel read with {@link ManifestUpdatedDeserializer} needs this class.
 */
public final class ManifestUpdatedSerializer extends EventSerializer {

    /** The serialiser SmallRye instantiates by class name. */
    public ManifestUpdatedSerializer() {
        super(EventType.MANIFEST_UPDATED);
    }
}
