package io.acu.dpcontent.manager.messaging;

import io.acu.postgres.PgFailures;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.dpcontent.directory.DistributionPointDirectory;
import io.acu.dpcontent.manager.PackagePlan;
import io.acu.dpcontent.manager.persistence.DistributionStore;
import io.acu.outbox.TraceContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The distribution manager's intake: each ManifestUpdated on {@code acu.manifest.updated} becomes one distribution
 * per enabled distribution point, INSTALL_PENDING, recorded once per package version (re-delivery is a no-op).
 * The {@link io.acu.dpcontent.manager.service.DistributionManager} loop then runs them.
 *
 * <p>Records arrive as raw bytes and are decoded here: one that is not a valid ManifestUpdated, or whose file names
 * are unsafe, is nacked with the reason and SmallRye's dead-letter strategy copies it to
 * dp-content's own dead-letter topic of it, {@code acu.manifest.updated.dp-content.dlq}. Recording is retried with
 * backoff for as long as it fails (a database outage or restart), holding the partition, never dead-lettered: the
 * record is valid, so nothing else may be done with it; only a row the database refuses for its data (SQLSTATE
 * class 22 or 23) is dead-lettered with the reason.
 *
 * <p>Tracing: the record's consumer span (a child of its W3C {@code traceparent} header) is kept with the package
 * version, so the distribution attempts and the status events they announce are in the trace of the upload that
 * published the version.
 */
@ApplicationScoped
public class ManifestUpdatedConsumer {

    /** Channel name shared by the configuration and tests. */
    public static final String CHANNEL = "manifest-updated";
    private static final Logger LOG = Logger.getLogger(ManifestUpdatedConsumer.class);
    /** The MDC key of the package a log line is about (a JSON log line's {@code mdc.packageId}). */
    public static final String PACKAGE_ID = "packageId";

    private final DistributionStore store;
    private final DistributionPointDirectory directory;
    private final Clock clock;

    private final boolean traced;

    ManifestUpdatedConsumer(DistributionStore store, DistributionPointDirectory directory, Clock clock,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        // With the SDK off the Kafka source still makes (unexported) spans: keeping them would store meaningless contexts.
        this.traced = !tracingOff;
    }

    /**
     * Accepts one record; acks once the distributions are recorded, nacks with the cause otherwise.
     *
     * @param record the raw record value
     * @return completion
     */
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        EventEnvelope<ManifestUpdated> event;
        try {
            event = EventJson.decode(record.getPayload(), ManifestUpdated.class);
            PackagePlan.contentOf(event.payload());
        } catch (SerializationException | IllegalArgumentException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        List<String> targets = directory.distributionPoints().stream().filter(DistributionPoint::enabled)
                .map(DistributionPoint::name).sorted().toList();
        ManifestUpdated m = event.payload();
        // SmallRye's Kafka source ends its consumer span (a child of the record's traceparent) before this method
        // runs and leaves it in the message's TracingMetadata, not current: the version keeps it for its attempts.
        TraceContext trace = !traced ? TraceContext.NONE
                : TracingMetadata.fromMessage(record).map(t -> TraceContext.of(t.getCurrentContext())).orElse(TraceContext.NONE);
        // This record's log lines carry its package (Quarkus keeps the MDC per Vert.x duplicated context); removed when done.
        MDC.put(PACKAGE_ID, m.packageId());
        return Uni.createFrom().deferred(() -> store.accept(event, new String(record.getPayload(), StandardCharsets.UTF_8), targets, clock.instant(),
                        trace))
                .onFailure(e -> !PgFailures.refusedForItsData(e)).invoke(e -> LOG.warnf("Recording ManifestUpdated %s failed, retrying: %s", event.eventId(), e.toString()))
                .onFailure(e -> !PgFailures.refusedForItsData(e)).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(outcome -> LOG.infof("ManifestUpdated %s: %s v%d -> %s for %s", event.eventId(), m.packageId(),
                        m.packageVersion(), outcome, targets))
                .onItemOrFailure().transformToUni((outcome, failure) ->
                        Uni.createFrom().completionStage(failure == null ? record.ack() : record.nack(failure)))
                .onTermination().invoke(() -> MDC.remove(PACKAGE_ID));
    }
}
