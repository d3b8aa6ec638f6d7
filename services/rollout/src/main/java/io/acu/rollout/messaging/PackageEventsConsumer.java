package io.acu.rollout.messaging;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.rollout.domain.ClientOutcome;
import io.acu.rollout.persistence.RolloutStore;
import io.acu.rollout.service.RolloutDriver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes the package side of the loop: {@code acu.manifest.updated} (a new package version: its rollout is
 * created) and {@code acu.content.distribution} (per-DP status: a ring starts only once the version is INSTALLED).
 * A record that is not a valid event is nacked with the cause, so SmallRye's dead-letter strategy copies it to
 * rollout's own dead-letter topic of its topic ({@code <topic>.rollout.dlq}, e.g.
 * {@code acu.manifest.updated.rollout.dlq}) with a {@code dead-letter-reason} header; a database outage is retried,
 * never dead-lettered.
 */
@ApplicationScoped
public class PackageEventsConsumer {

    /** Incoming channel of {@code acu.manifest.updated}. */
    public static final String MANIFEST_CHANNEL = "manifest-updated";
    /** Incoming channel of {@code acu.content.distribution}. */
    public static final String DISTRIBUTION_CHANNEL = "content-distribution";
    /** The manifest item carrying the Endpoint Protection agent, whose version 2001 states must reach. */
    public static final String ENDPOINT_PROTECTION_INSTALLER = "SCEPInstall.exe";

    private final RolloutStore store;
    private final RolloutDriver driver;

    PackageEventsConsumer(RolloutStore store, RolloutDriver driver) {
        this.store = store;
        this.driver = driver;
    }

    /** Records the version and creates its rollout (once); then lets the driver step it. */
    @Incoming(MANIFEST_CHANNEL)
    public Uni<Void> manifestUpdated(Message<byte[]> record) {
        EventEnvelope<ManifestUpdated> event;
        try {
            event = EventJson.decode(record.getPayload(), ManifestUpdated.class);
        } catch (SerializationException | IllegalArgumentException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        ManifestUpdated manifest = event.payload();
        String agentVersion = manifest.items().stream().filter(i -> i.fileName().equalsIgnoreCase(ENDPOINT_PROTECTION_INSTALLER))
                .map(ManifestItem::fileVersion).findFirst().orElse(null);
        try {
            new ClientOutcome.Target(io.acu.formats.Version.parse(manifest.clientVersion()),
                    agentVersion == null ? null : io.acu.formats.Version.parse(agentVersion));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        return Retry.untilStored("Storing ManifestUpdated " + event.eventId(), () -> store.recordVersion(manifest.packageId(),
                        manifest.packageVersion(), manifest.previousPackageVersion(), manifest.clientVersion(), agentVersion, manifest.kbNumber(), event.occurredAt()))
                .invoke(driver::wake)
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }

    /** Stores the DP's status of the version when newer than the stored one; then lets the driver step. */
    @Incoming(DISTRIBUTION_CHANNEL)
    public Uni<Void> distributionChanged(Message<byte[]> record) {
        ContentDistributionStatusChanged status;
        try {
            status = EventJson.decode(record.getPayload(), ContentDistributionStatusChanged.class).payload();
        } catch (SerializationException | IllegalArgumentException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        return Retry.untilStored("Storing distribution status " + status.recordKey(), () -> store.recordDistribution(status))
                .invoke(driver::wake)
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }
}
