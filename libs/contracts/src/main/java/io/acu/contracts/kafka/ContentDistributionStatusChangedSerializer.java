package io.acu.contracts.kafka;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.EventType;

/**
 * Writes {@link ContentDistributionStatusChanged} events only. SmallRye's dead-letter producer derives its serialiser
 * from the consumer's deserialiser by renaming it, so a channel read with {@link
 * ContentDistributionStatusChangedDeserializer} needs this class.
 */
public final class ContentDistributionStatusChangedSerializer extends EventSerializer {

    /** The serialiser SmallRye instantiates by class name. */
    public ContentDistributionStatusChangedSerializer() {
        super(EventType.CONTENT_DISTRIBUTION_STATUS_CHANGED);
    }
}
