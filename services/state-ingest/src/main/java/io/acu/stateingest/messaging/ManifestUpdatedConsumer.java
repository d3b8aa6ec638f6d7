package io.acu.stateingest.messaging;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.formats.PackageId;
import io.acu.formats.Version;
import io.acu.stateingest.domain.PackageTarget;
import io.acu.stateingest.persistence.PackageTargetStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code acu.manifest.updated} to learn each client package's target version.
 *
 * <p>Records arrive as raw bytes and are decoded here, so that a record that is not a valid
 * ManifestUpdated is nacked with the decoding error as its cause: SmallRye's dead-letter strategy
 * then copies the original bytes to {@code acu.manifest.updated.state-ingest.dlq} with the cause in its
 * {@code dead-letter-reason} header, and the consumer moves on.
 */
@ApplicationScoped
public class ManifestUpdatedConsumer {

    /** Channel name shared by the configuration and tests. */
    public static final String CHANNEL = "manifest-updated";
    private static final Logger LOG = Logger.getLogger(ManifestUpdatedConsumer.class);

    private final PackageTargetStore store;
    private final Clock clock;

    ManifestUpdatedConsumer(PackageTargetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Applies one record; acks once stored; nacks an unreadable record with the cause (→ dead-letter topic). */
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        EventEnvelope<ManifestUpdated> event;
        PackageTarget target;
        try {
            event = EventJson.decode(record.getPayload(), ManifestUpdated.class);
            ManifestUpdated manifest = event.payload();
            target = new PackageTarget(PackageId.parse(manifest.packageId()), manifest.packageVersion(), Version.parse(manifest.clientVersion()));
        } catch (SerializationException | IllegalArgumentException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        // A database failure is not the record's fault: retry until stored, never dead-letter it.
        return Uni.createFrom().deferred(() -> store.apply(event.eventId(), Topics.MANIFEST_UPDATED, target, clock.instant()))
                .onFailure().invoke(e -> LOG.warnf("Storing ManifestUpdated %s failed, retrying: %s", event.eventId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(outcome -> LOG.infof("ManifestUpdated %s: %s v%d -> %s", event.eventId(), target.packageId(), target.packageVersion(), outcome))
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }
}
