package io.acu.contracts.kafka;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.Topics;

/**
 * Reads {@link ContentDistributionStatusChanged} events, the values of {@link Topics#CONTENT_DISTRIBUTION}.
 */
public final class ContentDistributionStatusChangedDeserializer
        extends EventDeserializer<ContentDistributionStatusChanged> {

    /** The deserialiser SmallRye instantiates by class name. */
    public ContentDistributionStatusChangedDeserializer() {
        super(ContentDistributionStatusChanged.class);
    }
}
