package io.acu.stateingest.messaging;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.stateingest.persistence.DistributionStatusStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code acu.content.distribution} to keep the latest status of each package version on each distribution
 * point. An unreadable record is nacked with the cause (SmallRye copies it to
 * {@code acu.content.distribution.state-ingest.dlq}); a database failure is retried until the status is stored.
 */
@ApplicationScoped
public class DistributionStatusConsumer {

    /** Channel name shared by the configuration and tests. */
    public static final String CHANNEL = "content-distribution";
    private static final Logger LOG = Logger.getLogger(DistributionStatusConsumer.class);

    private final DistributionStatusStore store;

    DistributionStatusConsumer(DistributionStatusStore store) {
        this.store = store;
    }

    /** Applies one record; acks once stored. */
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        EventEnvelope<ContentDistributionStatusChanged> event;
        try {
            event = EventJson.decode(record.getPayload(), ContentDistributionStatusChanged.class);
        } catch (SerializationException | IllegalArgumentException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        return Uni.createFrom().deferred(() -> store.apply(event.eventId(), event.payload()))
                .onFailure().invoke(e -> LOG.warnf("Storing distribution status %s failed, retrying: %s", event.eventId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }
}
