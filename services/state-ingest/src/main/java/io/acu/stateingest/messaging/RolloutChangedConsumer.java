package io.acu.stateingest.messaging;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.RolloutStateChanged;
import io.acu.stateingest.persistence.RolloutStateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code acu.rollout.changed} to keep the latest snapshot of each package version's rollout (status, rings
 * with their gate figures, top error codes, reason) for the ops API and the dashboard. Records arrive as raw bytes
 * and are decoded here: an unreadable record is nacked with the cause (SmallRye copies it to
 * {@code acu.rollout.changed.state-ingest.dlq} with a {@code dead-letter-reason} header); a database failure is
 * retried until the snapshot is stored, never dead-lettered.
 */
@ApplicationScoped
public class RolloutChangedConsumer {

    /** Channel name shared by the configuration and tests. */
    public static final String CHANNEL = "rollout-changed";
    private static final Logger LOG = Logger.getLogger(RolloutChangedConsumer.class);

    private final RolloutStateStore store;
    private final RolloutHaltedGauge halted;

    RolloutChangedConsumer(RolloutStateStore store, RolloutHaltedGauge halted) {
        this.store = store;
        this.halted = halted;
    }

    /** Applies one record; acks once stored (or found superseded); nacks an unreadable record with the cause. */
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        EventEnvelope<RolloutStateChanged> event;
        try {
            event = EventJson.decode(record.getPayload(), RolloutStateChanged.class);
        } catch (SerializationException | IllegalArgumentException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        RolloutStateChanged change = event.payload();
        return Uni.createFrom().deferred(() -> store.apply(event.eventId(), change))
                .onFailure().invoke(e -> LOG.warnf("Storing RolloutStateChanged %s failed, retrying: %s", event.eventId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(verdict -> LOG.infof("RolloutStateChanged %s: %s v%d %s -> %s (%s)", event.eventId(), change.packageId(),
                        change.packageVersion(), change.change(), change.status(), verdict))
                .invoke(verdict -> {
                    if (verdict.replaces()) {
                        halted.stored(change.packageId(), change.packageVersion(), change.status());
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }
}
